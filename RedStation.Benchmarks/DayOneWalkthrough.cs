using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MiniExcelLibs;
using RedStation.Data;
using RedStation.Data.Entities;
using RedStation.Data.Persistence;
using RedStation.Data.Services;

namespace RedStation.Benchmarks;

/// <summary>
/// Day one, through the pages: a production start on an empty database, and an administrator who brings in the whole
/// demo-sized network (districts, communities, units, stations and venues, staff, 17,000 volunteers) the way a new
/// operator would — sign in, land on the setup page, follow its import link, choose the one workbook, read the
/// preview, confirm — in the machine's Chromium. The workbook is the demo network exported sheet by sheet into the
/// templates' columns. Counted: every click, typed field and file chosen; timed: each step from the click to the page
/// saying it is done. At the end the database is compared with the source, table by table.
///   dotnet run -c Release --project RedStation.Benchmarks -- day-one
/// </summary>
internal static class DayOneWalkthrough
{
    public static async Task RunAsync(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var output = Path.GetFullPath(Value("--output") ?? PerformanceReport.PassFile());
        var started = DateTimeOffset.Now;
        var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
        var root = Path.Combine(Path.GetTempPath(), "redstation-bench", "day-one-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            Console.WriteLine("Seeding the demo network to export it …");
            var (workbook, source) = await BuildWorkbookAsync(Path.Combine(root, "source"));
            var workbookPath = Path.Combine(root, "network.xlsx");
            await File.WriteAllBytesAsync(workbookPath, workbook);
            Console.WriteLine($"Workbook: {workbook.Length / 1024:N0} KB; {string.Join(", ", source.Select(x => $"{x.Key} {x.Value:N0}"))}");

            var databasePath = Path.Combine(root, "app", "redstation.db");
            Directory.CreateDirectory(Path.GetDirectoryName(databasePath)!);
            var settings = Chromium.AdminSettings();
            settings["Seed:Demo"] = "false";
            await using var app = AppServerProcess.Start(Loopback.FreePort(), databasePath, settings);
            var clock = Stopwatch.StartNew();
            await app.WaitUntilHealthyAsync(TimeSpan.FromMinutes(2));
            var steps = new List<Step> { new("The app starts on an empty file (migrations included) and answers /healthz", 0, clock.Elapsed.TotalSeconds) };

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await Chromium.LaunchAsync(playwright);
            var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = app.Address.ToString(), ViewportSize = new ViewportSize { Width = 1366, Height = 900 }, Locale = "zh-CN",
            });
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout(120_000);

            try
            {
                steps.Add(await TimedAsync("Sign in (user name, password, the button); an empty network opens on the setup page", 3, async () =>
                {
                    await page.GotoAsync("account/login");
                    await page.Locator("#login-user").FillAsync(Chromium.AdminName);
                    await page.Locator("#login-password").FillAsync(Chromium.AdminPassword);
                    await page.Locator("button[type=submit]").ClickAsync();
                    await page.WaitForURLAsync("**/setup");
                    await page.GetByTestId("setup-Network-action").WaitForAsync();
                    // The page is read before anyone clicks on: its circuit has connected by then.
                    await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                }));

                steps.Add(await TimedAsync("Follow the setup page's import link (the whole-network workbook is the page's first choice)", 1, async () =>
                {
                    await page.GetByTestId("setup-Network-action").ClickAsync();
                    await page.WaitForURLAsync("**/manage/import?sheet=workbook");
                    await page.GetByTestId("import-choose").WaitForAsync();
                    await WaitInteractiveAsync(page);
                }));

                steps.Add(await TimedAsync("Choose the workbook (the button, the file); read and checked: the preview of every sheet", 2, async () =>
                {
                    var chooser = await page.RunAndWaitForFileChooserAsync(() => page.GetByTestId("import-choose").ClickAsync());
                    await chooser.SetFilesAsync(workbookPath);
                    await page.GetByTestId("import-confirm").WaitForAsync();
                }));

                var invalid = await page.GetByTestId("import-invalid").CountAsync();
                if (invalid > 0)
                {
                    throw new InvalidOperationException("The preview found invalid rows: " + string.Join(" | ", await page.GetByTestId("import-problem").AllInnerTextsAsync()));
                }

                steps.Add(await TimedAsync("Confirm: every sheet written in one transaction, audited; the page says what was written", 1, async () =>
                {
                    await page.GetByTestId("import-confirm").ClickAsync();
                    await page.GetByTestId("import-done").WaitForAsync();
                    Console.WriteLine(await page.GetByTestId("import-done").InnerTextAsync());
                }));

                steps.Add(await TimedAsync("Back to the setup page: the network, stations, units and volunteers ticked", 1, async () =>
                {
                    await page.GotoAsync("setup");
                    await page.Locator("[data-testid=setup-Volunteers][data-done=true]").WaitForAsync();
                }));

            }
            catch (Exception)
            {
                await SaveFailureAsync(page);
                throw;
            }

            var written = await CountAsync(databasePath);
            var report = Report(started, load, workbook.Length, source, written, steps);
            await PerformanceReport.WriteSectionAsync(output, "day-one", report);
            Console.WriteLine(report);
            Console.WriteLine($"Written to {output}");
            var mismatches = source.Where(x => written.GetValueOrDefault(x.Key) != x.Value).ToList();
            if (mismatches.Count > 0)
            {
                throw new InvalidOperationException("The database does not hold what the workbook did: " +
                    string.Join(", ", mismatches.Select(x => $"{x.Key} {written.GetValueOrDefault(x.Key):N0} of {x.Value:N0}")));
            }
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private sealed record Step(string What, int Interactions, double Seconds);

    private static async Task<Step> TimedAsync(string what, int interactions, Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action();
        Console.WriteLine($"{clock.Elapsed.TotalSeconds,8:F1} s  {what}");
        return new Step(what, interactions, clock.Elapsed.TotalSeconds);
    }

    /// <summary>What the page showed when a step failed: a screenshot beside the temporary folder, never a swallowed error.</summary>
    private static async Task SaveFailureAsync(IPage page)
    {
        var path = Path.Combine(Path.GetTempPath(), "redstation-day-one-failure.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Console.WriteLine($"The step failed on {page.Url}; the page is in {path}");
    }

    /// <summary>The import buttons are disabled until the circuit is interactive (prerendering shows them greyed).</summary>
    private static Task WaitInteractiveAsync(IPage page) =>
        page.Locator("[data-testid=import-choose]:not([disabled])").WaitForAsync();

    /// <summary>The demo network (one day of history: the history is not imported) exported into one network workbook.</summary>
    private static async Task<(byte[] Workbook, Dictionary<string, int> Counts)> BuildWorkbookAsync(string folder)
    {
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddRedStationData(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Seed:Demo"] = "true",
                ["Seed:Days"] = "1",
            }).Build(), folder)
            .BuildServiceProvider();
        await services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        var network = services.GetRequiredService<NetworkImportService>();
        var sheets = new Dictionary<string, object>();
        foreach (var sheet in Enum.GetValues<NetworkSheet>())
        {
            var headers = NetworkImportService.TemplateHeaders(sheet);
            var rows = await network.ExportAsync(sheet);
            if (rows.Count > 0)
            {
                sheets[sheet.ToString()] = rows.Select(cells => Row(headers, cells)).ToList();
            }
        }

        var factory = services.GetRequiredService<IDbContextFactory<RedStationDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var volunteers = await db.Volunteers.AsNoTracking().OrderBy(v => v.Id)
            .Select(v => new[] { v.Name, v.Phone, v.MemberNumber, v.WorkUnit, v.Community!.Name, v.Community.District!.Name, v.Skills ?? string.Empty, string.Empty })
            .ToListAsync();
        sheets[NetworkImportService.VolunteersWorksheet] = volunteers.Select(cells => Row(VolunteerImportService.TemplateHeaders, cells)).ToList();
        using var stream = new MemoryStream();
        await MiniExcel.SaveAsAsync(stream, sheets, excelType: ExcelType.XLSX);
        return (stream.ToArray(), await CountAsync(db));
    }

    private static Dictionary<string, object> Row(IReadOnlyList<string> headers, string[] cells) =>
        headers.Zip(cells).ToDictionary(p => p.First, p => (object)p.Second);

    private static async Task<Dictionary<string, int>> CountAsync(string databasePath)
    {
        var options = new DbContextOptionsBuilder<RedStationDbContext>().UseSqlite($"Data Source={databasePath}").Options;
        await using var db = new RedStationDbContext(options);
        return await CountAsync(db);
    }

    private static async Task<Dictionary<string, int>> CountAsync(RedStationDbContext db) => new()
    {
        ["districts"] = await db.Districts.CountAsync(),
        ["communities"] = await db.Communities.CountAsync(),
        ["units"] = await db.Units.CountAsync(),
        ["stations"] = await db.Stations.CountAsync(s => s.Kind != StationKind.SharedVenue),
        ["venues"] = await db.Stations.CountAsync(s => s.Kind == StationKind.SharedVenue),
        ["volunteers"] = await db.Volunteers.CountAsync(),
    };

    private static string Report(DateTimeOffset started, string load, int workbookBytes, Dictionary<string, int> source, Dictionary<string, int> written, List<Step> steps)
    {
        var report = new StringBuilder();
        report.AppendLine("## Day one: an empty production database to the whole network, through the pages").AppendLine();
        report.AppendLine("- Command: `dotnet run -c Release --project RedStation.Benchmarks -- day-one`");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Run: {started:yyyy-MM-dd HH:mm zzz}; machine: {MachineInfo.Describe()}; load average at the start: {load}");
        var contents = string.Join(", ", source.Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Value:N0} {x.Key}")));
        report.AppendLine(CultureInfo.InvariantCulture, $"- The file: the demo network exported into the network workbook's sheets ({workbookBytes / 1024:N0} KB XLSX): {contents}.");
        report.AppendLine("- The app: its own process on an empty file with `Seed:Demo=false` (the Development environment, whose build output serves the");
        report.AppendLine("  static assets). Chromium (zh-CN, 1366×900) is driven as an administrator would: the interactions counted are clicks, typed");
        report.AppendLine("  fields and files chosen; each step is timed from its first interaction to the page showing its result.").AppendLine();
        report.AppendLine("| step | interactions | seconds |");
        report.AppendLine("| --- | ---: | ---: |");
        foreach (var step in steps)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"| {step.What} | {step.Interactions} | {step.Seconds:F1} |");
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"| **total** | **{steps.Sum(s => s.Interactions)}** | **{steps.Sum(s => s.Seconds):F1}** |").AppendLine();
        report.AppendLine("Written, read back from the database: " + string.Join(", ", written.Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Value:N0} {x.Key}"))) +
            (source.All(x => written.GetValueOrDefault(x.Key) == x.Value) ? " — every row of the workbook." : " — NOT what the workbook held."));
        report.AppendLine();
        report.AppendLine("Not in the figure: filling the workbook itself (the city's own lists, copied into the template's columns), and the");
        report.AppendLine("setup page's optional steps (activity types, teams, wall displays), each a dialog of its own.");
        return report.ToString();
    }
}
