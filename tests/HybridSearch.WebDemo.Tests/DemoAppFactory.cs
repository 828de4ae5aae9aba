using System.Net;
using HybridSearch.Encoders;
using HybridSearch.Search;
using HybridSearch.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace HybridSearch.WebDemo.Tests;

/// <summary>
/// The demo app with the tiny fixture corpus indexed at start-up into a real embedded index in a temporary folder, and the
/// hashing test encoder in place of the model. <see cref="UseRealServer"/> makes it a real Kestrel server on a free
/// loopback port.
/// </summary>
public sealed class DemoAppFactory : WebApplicationFactory<Program>
{
    private readonly string _indexDirectory = Path.Combine(Path.GetTempPath(), "hybridsearch-webdemo-" + Guid.NewGuid().ToString("N"));

    public static string FixtureDocuments { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "documents.jsonl");

    public BagOfWordsEncoder Encoder { get; } = new();

    /// <summary>The document encoder used at start-up; replace it before the app starts to control indexing.</summary>
    public ITextEncoder IndexingEncoder { get; set; } = null!;

    /// <summary>A backend in place of the embedded index; null keeps the app's own.</summary>
    public ISearchBackend? Backend { get; set; }

    /// <summary>False: keep the app's own encoder (the ONNX model named in appsettings.json).</summary>
    public bool UseTestEncoder { get; set; } = true;

    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    /// <summary>Starts a real Kestrel server on 127.0.0.1 with a free port and returns its address.</summary>
    public Uri UseRealServer()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.Single());
    }

    /// <summary>Polls <c>/health/ready</c> until it answers 200.</summary>
    public static async Task WaitUntilReadyAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not ready after 30 s: {await response.Content.ReadAsStringAsync()}");
            }

            await Task.Delay(50);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("StartupIndexing:Documents", FixtureDocuments);
        builder.UseSetting("HybridSearch:IndexPath", _indexDirectory);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            if (UseTestEncoder)
            {
                services.AddSingleton<ITextEncoder>(Encoder);
                services.AddSingleton(DualEncoder.Asymmetric(Encoder, IndexingEncoder ?? Encoder));
            }

            if (Backend is not null)
            {
                services.AddSingleton(Backend);
            }
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(_indexDirectory))
        {
            Directory.Delete(_indexDirectory, recursive: true);
        }
    }
}
