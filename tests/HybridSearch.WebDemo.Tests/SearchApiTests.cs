using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace HybridSearch.WebDemo.Tests;

public sealed class SearchApiTests : IClassFixture<DemoAppFactory>, IAsyncLifetime
{
    private readonly DemoAppFactory _app;
    private readonly HttpClient _client;

    public SearchApiTests(DemoAppFactory app)
    {
        _app = app;
        _client = app.CreateClient();
    }

    public Task InitializeAsync() => DemoAppFactory.WaitUntilReadyAsync(_client);

    public Task DisposeAsync()
    {
        _client.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Hybrid_search_returns_hits_with_final_and_component_scores_and_the_best_passage()
    {
        var body = await GetJsonAsync("/api/search?q=plants%20light%20energy&mode=hybrid&k=3");

        Assert.Equal("hybrid", body.GetProperty("mode").GetString());
        var hits = body.GetProperty("hits").EnumerateArray().ToList();
        Assert.Equal(3, hits.Count);
        var top = hits[0];
        Assert.Equal("photosynthesis", top.GetProperty("id").GetString());
        Assert.Equal(1, top.GetProperty("rank").GetInt32());
        Assert.Equal("Photosynthesis", top.GetProperty("title").GetString());
        Assert.Contains("chlorophyll", top.GetProperty("passage").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, top.GetProperty("keyword").GetProperty("rank").GetInt32());
        Assert.True(top.GetProperty("keyword").GetProperty("score").GetDouble() > 0);
        Assert.Equal(1, top.GetProperty("semantic").GetProperty("rank").GetInt32());
        Assert.InRange(top.GetProperty("semantic").GetProperty("score").GetDouble(), 0, 1.0001);
        var scores = hits.Select(h => h.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
    }

    [Fact]
    public async Task Keyword_mode_reports_only_keyword_scores_and_its_final_score_is_bm25()
    {
        var body = await GetJsonAsync("/api/search?q=vaccine%20immune&mode=keyword");

        var top = body.GetProperty("hits")[0];
        Assert.Equal("vaccines", top.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, top.GetProperty("semantic").ValueKind);
        Assert.Equal(top.GetProperty("keyword").GetProperty("score").GetDouble(), top.GetProperty("score").GetDouble());
    }

    [Fact]
    public async Task Semantic_mode_reports_only_vector_scores()
    {
        var body = await GetJsonAsync("/api/search?q=deep%20sleep%20memories&mode=Semantic&k=2");

        var hits = body.GetProperty("hits").EnumerateArray().ToList();
        Assert.Equal(2, hits.Count);
        Assert.Equal("sleep", hits[0].GetProperty("id").GetString());
        Assert.All(hits, h => Assert.Equal(JsonValueKind.Null, h.GetProperty("keyword").ValueKind));
        Assert.All(hits, h => Assert.Equal(h.GetProperty("semantic").GetProperty("score").GetDouble(), h.GetProperty("score").GetDouble()));
    }

    [Fact]
    public async Task Mode_and_k_default_to_the_configured_values()
    {
        var body = await GetJsonAsync("/api/search?q=energy");

        Assert.Equal("hybrid", body.GetProperty("mode").GetString());
        Assert.Equal(10, body.GetProperty("k").GetInt32());
    }

    [Theory]
    [InlineData("/api/search", "q")]
    [InlineData("/api/search?q=", "q")]
    [InlineData("/api/search?q=%20%20", "q")]
    [InlineData("/api/search?q=energy&k=0", "k")]
    [InlineData("/api/search?q=energy&k=101", "k")]
    [InlineData("/api/search?q=energy&k=-3", "k")]
    [InlineData("/api/search?q=energy&k=ten", "k")]
    [InlineData("/api/search?q=energy&mode=fuzzy", "mode")]
    public async Task Bad_parameters_get_400_with_a_problem_details_body_naming_the_parameter(string url, string parameter)
    {
        using var response = await _client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        var errors = problem.GetProperty("errors");
        Assert.Equal([parameter], errors.EnumerateObject().Select(e => e.Name));
        Assert.NotEmpty(errors.GetProperty(parameter).EnumerateArray());
    }

    [Fact]
    public async Task Every_bad_parameter_is_reported_at_once()
    {
        using var response = await _client.GetAsync(new Uri("/api/search?q=&k=1000&mode=x", UriKind.Relative));

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["k", "mode", "q"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_search_page_is_served_at_the_root()
    {
        var html = await _client.GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.Contains("<title>HybridSearch demo</title>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_reports_the_indexed_documents_once_ready()
    {
        using var response = await _client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal(8, body.GetProperty("checks").GetProperty("startup-indexing").GetProperty("data").GetProperty("documents").GetInt32());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("hybridsearch").GetProperty("status").GetString());
    }

    private async Task<JsonElement> GetJsonAsync(string url)
    {
        using var response = await _client.GetAsync(new Uri(url, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }
}
