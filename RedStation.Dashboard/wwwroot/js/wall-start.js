// Starts Blazor on the wall screens (App.razor loads blazor.web.js with autostart="false" on /display pages).
// A wall has nobody to press "Retry": it shows a banner while the connection is down, keeps trying for as long as
// it takes, and when the server answers but no longer has its circuit (a restart, a long outage) it waits until the
// server serves pages again and reloads itself, which shows the current state. A module file, so the
// Content-Security-Policy's script-src 'self' admits it without a nonce.

const maxDelayMs = 5000;
const healthPath = "healthz";
let reconnecting = false;
let reloading = false;

const delay = ms => new Promise(resolve => setTimeout(resolve, ms));

function banner() {
    let element = document.getElementById("wall-offline");
    if (!element) {
        element = document.createElement("div");
        element.id = "wall-offline";
        element.className = "wall-offline";
        element.setAttribute("role", "alert");
        element.setAttribute("data-testid", "wall-offline");
        // Outside Blazor's root: Blazor never renders over it.
        document.body.appendChild(element);
    }
    return element;
}

function showBanner() {
    const text = document.querySelector(".wall")?.dataset.offline || "连接中断，正在重新连接…";
    const element = banner();
    element.textContent = text;
    element.hidden = false;
    document.body.dataset.connection = "lost";
}

function hideBanner() {
    const element = document.getElementById("wall-offline");
    if (element) {
        element.hidden = true;
    }
    document.body.dataset.connection = "up";
}

// The server no longer knows this screen's circuit: reload, but only once the server serves requests again, so that
// the screen never lands on the browser's own error page (which would not retry by itself).
export async function reloadWhenServerAnswers() {
    if (reloading) {
        return;
    }
    reloading = true;
    showBanner();
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
                // true: back on the same circuit; false: the server answered but has no such circuit.
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
        showBanner();
        reconnectForever();
    },
    onConnectionUp() {
        hideBanner();
    },
};

window.redStationWall = { reloadWhenServerAnswers };

Blazor.start({
    circuit: { reconnectionHandler },
});
