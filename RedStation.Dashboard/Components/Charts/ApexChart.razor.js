// Loads ApexCharts (a UMD bundle, which sets globalThis.ApexCharts) only when a page shows a chart.
// The build copies it from npm into wwwroot/lib; see build/Npm.targets.
import "../../lib/apexcharts/apexcharts.min.js";

// Live charts on the page, by the id their component generated: { chart, type, categories }.
const charts = new Map();

// These take one flat series of slice values, labelled by `labels` instead of x-axis categories.
const sliceTypes = new Set(["donut", "pie", "radialBar"]);

// Creating again under the same id (the server did not hear back from the first create) replaces the chart.
export async function create(id, element, config) {
    destroy(id);
    const { type, categories } = config;
    const options = merge(
        defaultOptions(type, config.height, element),
        config.colors ? { colors: config.colors } : {},
        themeOptions(type, config.darkMode),
        config.options ?? {},
        config.clicks ? clickOptions(config.clicks) : {},
        dataOptions(type, config.series, categories));
    const chart = new ApexCharts(element, options);
    charts.set(id, { chart, type, categories });
    await chart.render();
}

// `categories` is null when unchanged, so that only the series move.
// A chart is redrawn at most once a second: on a busy hour the screen's figures, ticker and map follow every event
// (several a second), and a chart redrawn as often would take most of a wall screen's small computer — ApexCharts
// draws each update anew. The first change after a quiet second is drawn at once; later ones wait for the second's end,
// and only the latest data is drawn then.
export function update(id, series, categories) {
    const entry = charts.get(id);
    if (!entry) {
        return;
    }
    if (categories) {
        entry.categories = categories;
        entry.categoriesChanged = true;
    }
    entry.pending = series;
    if (entry.timer !== undefined) {
        return;
    }
    const wait = Math.max(0, (entry.drawnAt ?? -Infinity) + redrawMilliseconds - performance.now());
    entry.timer = setTimeout(() => draw(entry), wait);
}

function draw(entry) {
    entry.timer = undefined;
    if (entry.destroyed) {
        return;
    }
    const data = dataOptions(entry.type, entry.pending, entry.categories);
    // A change on a quiet network moves gently; a stream of them is drawn without animation, or the animations of one
    // redraw would run into the next.
    const now = performance.now();
    const animate = now - (entry.drawnAt ?? -Infinity) > quietMilliseconds;
    entry.drawnAt = now;
    if (entry.categoriesChanged) {
        entry.categoriesChanged = false;
        entry.chart.updateOptions(data, false, animate);
    } else {
        entry.chart.updateSeries(data.series, animate);
    }
}

const redrawMilliseconds = 1000;
const quietMilliseconds = 2000;

export function setTheme(id, darkMode) {
    const entry = charts.get(id);
    entry?.chart.updateOptions(themeOptions(entry.type, darkMode), false, false);
}

export function destroy(id) {
    const entry = charts.get(id);
    if (entry) {
        entry.destroyed = true;
        clearTimeout(entry.timer);
        entry.chart.destroy();
    }
    charts.delete(id);
}

// A click on a data point goes to the component (OnPointClick). ApexCharts reports the point under the pointer, or the
// one its shared tooltip is showing (a line's day, clicked anywhere in its column); -1 or null when there is none.
function clickOptions(clicks) {
    return {
        chart: {
            events: {
                click: (event, context, point) => {
                    // A shared tooltip names the column but no series when the pointer is between the lines: the first.
                    const series = Math.max(0, Number.parseInt(point?.seriesIndex ?? 0, 10) || 0);
                    const index = Number.parseInt(point?.dataPointIndex ?? -1, 10);
                    if (index >= 0) {
                        clicks.invokeMethodAsync("OnChartClick", series, index);
                    }
                },
            },
        },
    };
}

// Values as people read them: counts as integers ("14", not ApexCharts' "14.00"), hours and averages with one decimal at
// most, grouped in the page's language. Anything not a number (a category on a horizontal bar's axis) passes unchanged.
export function formatValue(value) {
    if (typeof value !== "number" || !Number.isFinite(value)) {
        return value;
    }
    const language = document.documentElement.lang || undefined;
    if (numberFormat?.language !== language) {
        numberFormat = { language, format: new Intl.NumberFormat(language, { maximumFractionDigits: 1 }) };
    }
    return numberFormat.format.format(value);
}

let numberFormat;

function defaultOptions(type, height, element) {
    return {
        chart: {
            type,
            height,
            // ApexCharts draws SVG text in Helvetica/Arial by default, which has no Chinese glyphs on
            // Linux kiosks; the page's font stack (app.css) does.
            fontFamily: getComputedStyle(element).fontFamily,
            toolbar: { show: false },
            zoom: { enabled: false },
            // Live data moves gently; the first draw is not staggered series by series.
            // None at all for whoever asked their system for reduced motion (and for screenshots).
            animations: {
                enabled: !window.matchMedia('(prefers-reduced-motion: reduce)').matches,
                speed: 300,
                animateGradually: { enabled: false },
                dynamicAnimation: { enabled: true, speed: 300 },
            },
        },
        // ApexCharts swaps palette1 for palette4 in dark mode; explicit colours keep each series'
        // colour when the theme flips.
        colors: ["#008FFB", "#00A86F", "#CA8501", "#FF4560", "#846DD5"],
        dataLabels: { enabled: sliceTypes.has(type) },
        legend: { position: "bottom" },
        tooltip: { y: { formatter: value => formatValue(value) } },
        // A heatmap's value axis names its rows, and slices have none.
        ...(type === "heatmap" || sliceTypes.has(type) ? {} : { yaxis: { labels: { formatter: value => formatValue(value) } } }),
    };
}

// Colours come from MudBlazor's palette variables so the chart matches the theme it sits in;
// the fallbacks are MudBlazor's defaults, for a page without MudThemeProvider.
function themeOptions(type, darkMode) {
    const text = cssVar("--mud-palette-text-secondary", darkMode ? "rgba(255,255,255,0.5)" : "rgba(0,0,0,0.54)");
    const lines = cssVar("--mud-palette-lines-default", darkMode ? "rgba(255,255,255,0.12)" : "rgba(0,0,0,0.12)");
    const surface = cssVar("--mud-palette-surface", darkMode ? "#373740" : "#fff");
    const options = {
        // theme.mode paints its own background; transparent lets the chart sit on MudPaper.
        chart: { background: "transparent", foreColor: text },
        theme: { mode: darkMode ? "dark" : "light" },
        grid: { borderColor: lines },
        tooltip: { theme: darkMode ? "dark" : "light" },
    };
    // Slices and heatmap cells are separated by white strokes by default, which glare on a dark paper.
    if (sliceTypes.has(type) || type === "heatmap") {
        options.stroke = { colors: [surface] };
    }
    return options;
}

function dataOptions(type, series, categories) {
    if (sliceTypes.has(type)) {
        return { series: series[0]?.data ?? [], labels: categories };
    }
    if (type === "heatmap") {
        return {
            series: series.map(row => ({
                name: row.name,
                data: row.data.map((y, i) => ({ x: categories[i] ?? String(i), y })),
            })),
        };
    }
    return { series, xaxis: { categories } };
}

function cssVar(name, fallback) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

function isPlainObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

// Deep merge of plain objects, left to right; arrays and everything else are replaced.
function merge(target, ...sources) {
    for (const source of sources) {
        for (const [key, value] of Object.entries(source)) {
            target[key] = isPlainObject(value) && isPlainObject(target[key]) ? merge({ ...target[key] }, value) : value;
        }
    }
    return target;
}
