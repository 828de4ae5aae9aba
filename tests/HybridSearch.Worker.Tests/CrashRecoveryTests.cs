using System.Text.Json;
using HybridSearch.Worker.Testing;
using HybridSearch.Worker.Tests.Fakes;
using Xunit.Abstractions;

namespace HybridSearch.Worker.Tests;

/// <summary>
/// The real worker process on a SciFact subset, killed with SIGKILL at random moments and restarted until it finishes:
/// the index must then hold every document exactly once, each with the vector of its own text. Until the embedded index
/// and the ONNX encoder are in this build, the worker runs with its test aids: the <c>fake-hash</c> encoder (slowed down
/// so that kills land mid-run) and the <c>fake-files</c> store, which keeps one file per document id.
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output) : IDisposable
{
    private const int Documents = 600;
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string IndexPath => _directory.File("index");

    private string[] Args(string corpus, string delay) =>
    [
        "--HybridSearch:Encoder:Model=fake-hash",
        $"--HybridSearch:Encoder:FakeDelayPerDocument={delay}",
        "--HybridSearch:Index:Kind=fake-files",
        $"--HybridSearch:Index:Path={IndexPath}",
        $"--HybridSearch:Ingestion:Source:Path={corpus}",
        $"--HybridSearch:Ingestion:StateDirectory={_directory.File("state")}",
        "--HybridSearch:Ingestion:Chunking=Truncate",
        "--HybridSearch:Ingestion:BatchSize=16",
        "--HybridSearch:Ingestion:QueueCapacity=16",
        "--HybridSearch:Ingestion:CheckpointInterval=00:00:00.100",
    ];

    private List<JsonElement> WriteSubset()
    {
        var scifact = SharedData.SciFactCorpus();
        Skip.If(scifact is null, "SciFact is not available (set HYBRIDSEARCH_SHARED or place shared/datasets/scifact beside the repository).");
        var lines = File.ReadLines(scifact).Take(Documents).ToList();
        File.WriteAllLines(_directory.File("corpus.jsonl"), lines);
        return [.. lines.Select(l => JsonDocument.Parse(l).RootElement)];
    }

    [SkippableFact]
    public async Task Killing_the_worker_at_random_moments_and_restarting_it_loses_and_duplicates_nothing()
    {
        var corpus = WriteSubset();
        var args = Args(_directory.File("corpus.jsonl"), "00:00:00.004");
        var seed = Environment.TickCount;
        var random = new Random(seed);
        output.WriteLine($"kill timing seed {seed}");
        var killsAfterProgress = 0;
        for (var kill = 0; kill < 4; kill++)
        {
            using var worker = new WorkerProcess(args);
            await WaitUntilWritingAsync(worker);
            await Task.Delay(random.Next(0, 1000));
            if (worker.HasExited)
            {
                output.WriteLine($"run {kill} finished before its kill:\n{worker.Output}");
                break;
            }

            worker.KillHard();
            var done = ReadDone();
            killsAfterProgress += done > 0 && done < Documents ? 1 : 0;
            output.WriteLine($"killed run {kill}; checkpoint at {done} documents, {Stored()} stored");
        }

        using (var last = new WorkerProcess(args))
        {
            var exit = await last.WaitForExitAsync(TimeSpan.FromSeconds(60));
            Assert.True(exit == 0, $"the final run exited with {exit}:\n{last.Output}");
        }

        Assert.True(killsAfterProgress > 0, "no kill landed in the middle of the job");
        Assert.Equal(Documents, ReadDone());
        var stored = Directory.GetFiles(IndexPath, "*.json")
            .Select(f => JsonSerializer.Deserialize<StoredDocument>(File.ReadAllBytes(f))!)
            .ToDictionary(d => d.Id, StringComparer.Ordinal);
        Assert.Equal(Documents, stored.Count);
        foreach (var document in corpus)
        {
            var id = document.GetProperty("_id").GetString()!;
            var title = document.GetProperty("title").GetString();
            var text = document.GetProperty("text").GetString()!;
            var expected = new float[FakeHashEncoder.DefaultDimensions];
            FakeHashEncoder.Vector(string.IsNullOrEmpty(title) ? text : title + " " + text, expected);
            Assert.True(stored.TryGetValue(id, out var found), $"document {id} is missing");
            Assert.Equal(expected, Assert.Single(found.Vectors));
        }

        Assert.Empty(Directory.GetFiles(_directory.File("state"), "*.deadletter.jsonl"));
    }

    [SkippableFact]
    public async Task Sigterm_makes_the_worker_drain_checkpoint_and_exit_with_code_zero()
    {
        WriteSubset();
        using var worker = new WorkerProcess(Args(_directory.File("corpus.jsonl"), "00:00:00.020"));
        await WaitUntilWritingAsync(worker);

        worker.Terminate();
        var exit = await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.True(exit == 0, $"exit code {exit}:\n{worker.Output}");
        var done = ReadDone();
        Assert.InRange(done, 1, Documents - 1);
        Assert.Equal(done, Stored());
    }

    private int Stored() => Directory.Exists(IndexPath) ? Directory.GetFiles(IndexPath, "*.json").Length : 0;

    // Process start-up takes a while on a loaded machine: kill only once this run has written something.
    private async Task WaitUntilWritingAsync(WorkerProcess worker)
    {
        var before = Stored();
        for (var waited = 0; Stored() == before && !worker.HasExited; waited += 20)
        {
            Assert.True(waited < 30_000, $"the worker wrote nothing for 30 s:\n{worker.Output}");
            await Task.Delay(20);
        }
    }

    private long ReadDone()
    {
        var state = _directory.File("state");
        var file = Directory.Exists(state) ? Directory.GetFiles(state, "*.checkpoint.json").SingleOrDefault() : null;
        if (file is null)
        {
            return 0;
        }

        using var json = JsonDocument.Parse(File.ReadAllBytes(file));
        return json.RootElement.GetProperty("Done").GetInt64();
    }
}
