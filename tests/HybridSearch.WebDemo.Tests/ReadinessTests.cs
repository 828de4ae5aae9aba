using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HybridSearch.Testing;

namespace HybridSearch.WebDemo.Tests;

public sealed class ReadinessTests
{
    [Fact]
    public async Task The_app_is_not_ready_while_startup_indexing_runs_and_ready_after()
    {
        using var app = new DemoAppFactory();
        var gate = new GatedEncoder(new BagOfWordsEncoder());
        app.IndexingEncoder = gate;
        using var client = app.CreateClient();

        using var during = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var body = await during.Content.ReadFromJsonAsync<JsonElement>();
        gate.Open();
        await DemoAppFactory.WaitUntilReadyAsync(client);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        var indexing = body.GetProperty("checks").GetProperty("startup-indexing");
        Assert.Equal("Unhealthy", indexing.GetProperty("status").GetString());
        Assert.Contains("running", indexing.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_documents_file_leaves_the_app_not_ready_saying_which_setting()
    {
        using var app = new DemoAppFactory();
        app.Settings["StartupIndexing:Documents"] = "/nonexistent/documents.jsonl";
        using var client = app.CreateClient();

        string description;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            description = body.GetProperty("checks").GetProperty("startup-indexing").GetProperty("description").GetString()!;
            await Task.Delay(20);
        }
        while (!description.Contains("failed", StringComparison.Ordinal) && DateTime.UtcNow < deadline);

        Assert.Contains("StartupIndexing:Documents", description, StringComparison.Ordinal);
    }
}
