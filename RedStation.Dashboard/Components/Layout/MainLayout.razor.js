// The theme lives in a cookie (not localStorage) so that the server prerenders the right palette: no flash.
export function rememberTheme(name, value) {
    document.cookie = `${name}=${value}; path=/; max-age=31536000; samesite=lax`;
}
