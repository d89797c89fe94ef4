// Starts Blazor on every page (App.razor loads blazor.web.js with autostart="false"), with our own reconnection
// instead of Blazor's default dialog, which speaks English only and gives up after a few tries.
//
// While the connection is down, document.body.dataset.connection is "lost": each live screen's indicator
// (Components/Live/LiveIndicator.razor) switches to its prerendered "reconnecting" text by CSS alone, since the
// server cannot render anything without its circuit; a banner says the same in the page's language (its text is in a
// data-offline attribute the server rendered: the body's, or a page's own, e.g. the wall's). It keeps trying for as
// long as it takes, and when the server answers but no longer has the circuit (a restart, a long outage) it waits
// until the server serves requests again and reloads, which shows the current state. A static page (sign-in) has no
// circuit, so none of this ever runs there. A module file, so the Content-Security-Policy's script-src 'self' admits it.

const maxDelayMs = 5000;
const healthPath = "healthz";
const fallbackText = "连接中断，正在重新连接… / Reconnecting…";
let reconnecting = false;
let reloading = false;

const delay = ms => new Promise(resolve => setTimeout(resolve, ms));

// The wall keeps its own full-width banner (and the test id its tests know); other pages get a compact one.
const isWall = () => document.querySelector(".wall") !== null;

function banner() {
    let element = document.getElementById("connection-lost");
    if (!element) {
        element = document.createElement("div");
        element.id = "connection-lost";
        element.className = isWall() ? "wall-offline" : "connection-lost";
        element.setAttribute("role", "alert");
        element.setAttribute("data-testid", isWall() ? "wall-offline" : "connection-lost");
        // Outside Blazor's root: Blazor never renders over it.
        document.body.appendChild(element);
    }
    return element;
}

// The most specific text wins: a page's own (the wall's) over the one on <body>.
function offlineText() {
    const holders = document.querySelectorAll("[data-offline]");
    return holders.length > 0 ? holders[holders.length - 1].dataset.offline : fallbackText;
}

function showLost() {
    document.body.dataset.connection = "lost";
    const element = banner();
    element.textContent = offlineText();
    element.hidden = false;
}

function showUp() {
    document.body.dataset.connection = "up";
    const element = document.getElementById("connection-lost");
    if (element) {
        element.hidden = true;
    }
}

// The server no longer knows this page's circuit: reload, but only once the server serves requests again, so that the
// page never lands on the browser's own error page (which would not retry by itself).
export async function reloadWhenServerAnswers() {
    if (reloading) {
        return;
    }
    reloading = true;
    showLost();
    for (let attempt = 0; ; attempt++) {
        try {
            const response = await fetch(healthPath, { cache: "no-store", credentials: "same-origin" });
            if (response.ok) {
                location.reload();
                return;
            }
        } catch {
            // Not up yet.
        }
        await delay(Math.min(1000 * (attempt + 1), maxDelayMs));
    }
}

async function reconnectForever() {
    if (reconnecting) {
        return;
    }
    reconnecting = true;
    try {
        for (let attempt = 0; ; attempt++) {
            await delay(Math.min(500 * 2 ** attempt, maxDelayMs));
            if (document.body.dataset.connection === "up") {
                return;
            }
            try {
                // true: back on the same circuit; false: the server answered but has no such circuit (rejected).
                if (await Blazor.reconnect()) {
                    return;
                }
                await reloadWhenServerAnswers();
                return;
            } catch {
                // The server did not answer: keep trying, at most every few seconds.
            }
        }
    } finally {
        reconnecting = false;
    }
}

const reconnectionHandler = {
    onConnectionDown() {
        showLost();
        reconnectForever();
    },
    onConnectionUp() {
        showUp();
    },
};

// The wall's module calls it when its heartbeat has been silent far too long (a circuit that died without closing).
window.redStationWall = { reloadWhenServerAnswers };

Blazor.start({
    circuit: { reconnectionHandler },
});
