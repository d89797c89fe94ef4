// The wall's browser side: the city clock, the "updated N s ago" stamp and the count-up of figures.
// Everything here writes only into elements Blazor renders empty (the clock, the stamp, .count-up), so that the
// two never fight over a node. One interval and one MutationObserver per screen, both released by stop().

const animationMs = 700;
const watchdogSeconds = 90;
const screens = new WeakMap();

export function start(root) {
    stop(root);
    const state = {
        lastSeen: Date.now(),
        offset: 0,
        clock: root.querySelector(".wall-clock"),
        fresh: root.querySelector(".wall-fresh"),
        format: clockFormat(root.dataset.timeZone),
        numbers: new Intl.NumberFormat(document.documentElement.lang || undefined),
        frames: new Map(),
    };
    state.observer = new MutationObserver(records => onMutations(root, state, records));
    state.observer.observe(root, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeOldValue: true,
        attributeFilter: ["data-beat", "data-value"],
    });
    onBeat(root, state);
    root.querySelectorAll(".count-up").forEach(el => show(el, state, Number(el.dataset.value)));
    state.timer = setInterval(() => tick(root, state), 1000);
    tick(root, state);
    screens.set(root, state);
}

export function stop(root) {
    const state = screens.get(root);
    if (!state) {
        return;
    }
    clearInterval(state.timer);
    state.observer.disconnect();
    state.frames.forEach(id => cancelAnimationFrame(id));
    screens.delete(root);
}

function onMutations(root, state, records) {
    for (const record of records) {
        if (record.type === "attributes" && record.attributeName === "data-beat" && record.target === root) {
            onBeat(root, state);
        } else if (record.type === "attributes" && record.attributeName === "data-value") {
            animate(record.target, state, Number(record.oldValue), Number(record.target.dataset.value));
        } else if (record.type === "childList") {
            // A new panel: its figures start at their value, without counting up from nothing.
            for (const node of record.addedNodes) {
                if (node.nodeType !== Node.ELEMENT_NODE) {
                    continue;
                }
                const counts = node.matches(".count-up") ? [node] : node.querySelectorAll(".count-up");
                counts.forEach(el => show(el, state, Number(el.dataset.value)));
            }
        }
    }
}

// The server confirmed its state: the stamp restarts, and the clock takes the server's time (a kiosk's own clock
// may be wrong; the latency of one message is far below the clock's one-second resolution).
function onBeat(root, state) {
    state.lastSeen = Date.now();
    const beat = Number(root.dataset.beat);
    if (beat > 0) {
        state.offset = beat - Date.now();
    }
    tick(root, state);
}

function tick(root, state) {
    if (state.clock) {
        state.clock.textContent = state.format(new Date(Date.now() + state.offset));
    }
    if (state.fresh) {
        const seconds = Math.max(0, Math.floor((Date.now() - state.lastSeen) / 1000));
        const template = seconds < 2 ? root.dataset.freshNow : root.dataset.freshAgo;
        state.fresh.textContent = (template || "{0}").replace("{0}", state.numbers.format(seconds));
        state.fresh.dataset.stale = seconds > Number(root.dataset.staleAfter || 15) ? "true" : "false";
        state.fresh.dataset.seconds = String(seconds);
        // Silence far beyond the heartbeat with the connection seemingly up means a circuit that died without
        // closing its connection (an unhandled error): the same way out as a lost circuit, a reload once served.
        if (seconds > watchdogSeconds && window.redStationWall) {
            window.redStationWall.reloadWhenServerAnswers();
        }
    }
}

// The city's date and time (the screen's own zone may differ), e.g. "11月28日周六  19:51:49".
function clockFormat(timeZone) {
    const lang = document.documentElement.lang || undefined;
    let day;
    let time;
    try {
        day = new Intl.DateTimeFormat(lang, { timeZone: timeZone || "Asia/Shanghai", month: "short", day: "numeric", weekday: "short" });
        time = new Intl.DateTimeFormat(lang, { timeZone: timeZone || "Asia/Shanghai", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
    } catch {
        day = new Intl.DateTimeFormat(lang, { month: "short", day: "numeric", weekday: "short" });
        time = new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
    }
    return date => `${day.format(date)}\u2002${time.format(date)}`;
}

function show(el, state, value) {
    if (Number.isFinite(value)) {
        el.textContent = state.numbers.format(value);
    }
}

function animate(el, state, from, to) {
    const running = state.frames.get(el);
    if (running) {
        cancelAnimationFrame(running);
        state.frames.delete(el);
    }
    if (!Number.isFinite(to)) {
        return;
    }
    if (!Number.isFinite(from) || from === to || document.hidden || matchMedia("(prefers-reduced-motion: reduce)").matches) {
        show(el, state, to);
        return;
    }
    const startedAt = performance.now();
    const step = now => {
        const t = Math.min(1, (now - startedAt) / animationMs);
        const eased = 1 - Math.pow(1 - t, 3);
        show(el, state, Math.round(from + (to - from) * eased));
        if (t < 1 && el.isConnected) {
            state.frames.set(el, requestAnimationFrame(step));
        } else {
            show(el, state, to);
            state.frames.delete(el);
        }
    };
    state.frames.set(el, requestAnimationFrame(step));
}
