using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace HybridSearch.WebDemo.Tests;

/// <summary>
/// The search page in a real headless Chromium (Debian's <c>chromium</c> package) against the app on a real Kestrel port.
/// Playwright drives it through its bundled driver; it never downloads a browser.
/// </summary>
[Trait("Category", "Browser")]
public sealed class BrowserTests
{
    private static readonly string[] ChromiumArguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private static string ChromiumPath => Environment.GetEnvironmentVariable("HYBRIDSEARCH_CHROMIUM") is { Length: > 0 } path
        ? path
        : "/usr/bin/chromium";

    [SkippableFact]
    public async Task A_user_searches_switches_modes_and_sees_why_each_document_ranked()
    {
        Skip.IfNot(File.Exists(ChromiumPath), $"Chromium is not installed at {ChromiumPath} (apt-get install -y chromium).");
        using var app = new DemoAppFactory();
        var address = app.UseRealServer();
        using var api = new HttpClient { BaseAddress = address };
        await DemoAppFactory.WaitUntilReadyAsync(api);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArguments,
            Timeout = 30_000,
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 900 } });
        page.SetDefaultTimeout(15_000);
        await page.GotoAsync(address.ToString());
        await Assertions.Expect(page.GetByTestId("ready")).ToContainTextAsync("Index ready: 8 documents");

        // Hybrid (the default): the top hit shows its fused score, both component ranks and scores, and highlighted terms.
        await page.GetByTestId("query").FillAsync("plants light energy");
        await page.GetByTestId("search").ClickAsync();
        await Assertions.Expect(page.GetByTestId("status")).ToContainTextAsync("hybrid hits");
        var expected = await SearchAsync(api, "plants light energy", "hybrid");
        var hits = page.GetByTestId("hit");
        await Assertions.Expect(hits).ToHaveCountAsync(expected.GetProperty("hits").GetArrayLength());
        var top = hits.First;
        var topHit = expected.GetProperty("hits")[0];
        await Assertions.Expect(top).ToHaveAttributeAsync("data-id", "photosynthesis");
        await Assertions.Expect(top.GetByTestId("final-score")).ToHaveTextAsync($"fused {Format(topHit.GetProperty("score"))}");
        await Assertions.Expect(top.GetByTestId("keyword-score")).ToHaveTextAsync(
            $"keyword #{topHit.GetProperty("keyword").GetProperty("rank")} · {Format(topHit.GetProperty("keyword").GetProperty("score"))}");
        await Assertions.Expect(top.GetByTestId("semantic-score")).ToHaveTextAsync(
            $"vector #{topHit.GetProperty("semantic").GetProperty("rank")} · {Format(topHit.GetProperty("semantic").GetProperty("score"))}");
        var marked = await top.Locator(".passage mark").AllTextContentsAsync();
        Assert.Equal(["Plants", "light", "energy"], marked);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifact("webdemo-hybrid.png"), FullPage = true });

        // Keyword: only keyword chips; every hit says the vector retriever did not find it.
        await page.GetByText("Keyword", new PageGetByTextOptions { Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("status")).ToContainTextAsync("keyword hit");
        await Assertions.Expect(page.GetByTestId("semantic-score")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".semantic-absent")).ToHaveCountAsync(await hits.CountAsync());
        var keywordTop = (await SearchAsync(api, "plants light energy", "keyword")).GetProperty("hits")[0];
        await Assertions.Expect(hits.First.GetByTestId("final-score")).ToHaveTextAsync($"score {Format(keywordTop.GetProperty("score"))}");

        // Semantic: only vector chips, and the page's URL remembers the mode.
        await page.GetByText("Semantic", new PageGetByTextOptions { Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("status")).ToContainTextAsync("semantic hit");
        await Assertions.Expect(page.GetByTestId("keyword-score")).ToHaveCountAsync(0);
        await Assertions.Expect(hits.First.GetByTestId("semantic-score")).ToContainTextAsync("vector #1 · ");
        Assert.Contains("mode=semantic", page.Url, StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifact("webdemo-semantic.png"), FullPage = true });

        // A bad request shows the problem-details message instead of results.
        await page.GetByTestId("query").FillAsync("   ");
        await page.GetByTestId("search").ClickAsync();
        await Assertions.Expect(hits).ToHaveCountAsync(0);
    }

    private static async Task<JsonElement> SearchAsync(HttpClient api, string query, string mode) =>
        await api.GetFromJsonAsync<JsonElement>(new Uri($"/api/search?q={Uri.EscapeDataString(query)}&mode={mode}&k=10", UriKind.Relative));

    /// <summary>The page's number format: JavaScript's <c>toFixed(4)</c>.</summary>
    private static string Format(JsonElement score) => score.GetDouble().ToString("F4", CultureInfo.InvariantCulture);

    /// <summary>Screenshots go to <c>$HYBRIDSEARCH_ARTIFACTS</c>, else <c>TestResults/artifacts</c> at the repository root.</summary>
    private static string Artifact(string name)
    {
        var folder = Environment.GetEnvironmentVariable("HYBRIDSEARCH_ARTIFACTS");
        if (string.IsNullOrEmpty(folder))
        {
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "HybridSearch.sln")))
            {
                root = root.Parent;
            }

            folder = Path.Combine(root?.FullName ?? AppContext.BaseDirectory, "TestResults", "artifacts");
        }

        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }
}
