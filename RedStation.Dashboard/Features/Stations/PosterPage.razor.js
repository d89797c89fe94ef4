// The poster's print button. A static page has no circuit to call, and the Content-Security-Policy refuses inline
// handlers (onclick="…"), so the button is wired here: a module file from our own origin, which script-src 'self' admits.
// A module runs after the document is parsed, so the button is there.
for (const button of document.querySelectorAll("[data-action=print]")) {
    button.addEventListener("click", () => window.print());
}
