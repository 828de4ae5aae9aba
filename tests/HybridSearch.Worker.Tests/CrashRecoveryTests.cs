using System.Text.Json;
using HybridSearch.Embedded;
using HybridSearch.Encoders;
using HybridSearch.Onnx;
using HybridSearch.Testing;
using HybridSearch.Worker.Tests.Fakes;
using Xunit.Abstractions;

namespace HybridSearch.Worker.Tests;

/// <summary>
/// The real worker process on a SciFact subset, writing the embedded index, killed with SIGKILL at random moments and
/// restarted until it finishes: the index must then hold every document exactly once, with the vector of its own text
/// computed independently of the pipeline. One run uses the real worker with the <c>minilm</c> model; the others use the
/// crash-test host (the worker's host with the hash encoder), slowed down so that kills land mid-run, to keep them fast.
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string IndexPath => _directory.File("index");

    private string[] CrashHostArgs(string delayPerDocument) => [$"--CrashHost:DelayPerDocument={delayPerDocument}", .. Args()];

    private string[] Args() =>
    [
        $"--HybridSearch:Index:Path={IndexPath}",
        $"--HybridSearch:Ingestion:Source:Path={_directory.File("corpus.jsonl")}",
        $"--HybridSearch:Ingestion:StateDirectory={_directory.File("state")}",
        "--HybridSearch:Ingestion:Chunking=Truncate",
        "--HybridSearch:Ingestion:BatchSize=16",
        "--HybridSearch:Ingestion:QueueCapacity=16",
        "--HybridSearch:Ingestion:CheckpointInterval=00:00:00.100",
    ];

    private List<(string Id, string EncodingText)> WriteSubset(int documents)
    {
        var scifact = SharedData.SciFactCorpus;
        Skip.If(scifact is null, "SciFact is not available (set HYBRIDSEARCH_SHARED or place shared/datasets/scifact beside the repository).");
        var lines = File.ReadLines(scifact).Take(documents).ToList();
        File.WriteAllLines(_directory.File("corpus.jsonl"), lines);
        return [.. lines.Select(l =>
        {
            var json = JsonDocument.Parse(l).RootElement;
            var title = json.GetProperty("title").GetString();
            var text = json.GetProperty("text").GetString()!;
            return (json.GetProperty("_id").GetString()!, string.IsNullOrEmpty(title) ? text : title + " " + text);
        })];
    }

    [SkippableFact]
    public async Task Killing_the_worker_at_random_moments_and_restarting_it_loses_and_duplicates_nothing()
    {
        var corpus = WriteSubset(600);

        // 8 ms a document: a job of at least 4.8 s, so that a kill within 400 ms of the checkpoint moving lands mid-job
        // however fast the write path gets.
        await KillRepeatedlyThenFinishAsync(WorkerProcess.CrashHost, CrashHostArgs("00:00:00.008"), corpus.Count, kills: 3);

        await AssertIndexHoldsExactlyAsync(corpus, texts =>
        {
            const int Dimensions = HashEncoder.DefaultDimensions;
            var vectors = new float[texts.Count * Dimensions];
            for (var i = 0; i < texts.Count; i++)
            {
                HashEncoder.Vector(texts[i], vectors.AsSpan(i * Dimensions, Dimensions));
            }

            return Task.FromResult(vectors);
        }, tolerance: 0);
    }

    [SkippableFact]
    [Trait("Category", "Slow")]
    public async Task The_worker_with_the_minilm_model_survives_kills_with_every_vector_right()
    {
        var corpus = WriteSubset(100);

        await KillRepeatedlyThenFinishAsync(WorkerProcess.Worker, ["--HybridSearch:Encoder:Model=minilm", .. Args()], corpus.Count, kills: 2);

        using var encoder = OnnxEncoders.Load("minilm");
        await AssertIndexHoldsExactlyAsync(corpus, texts => encoder.EncodeAsync(texts), tolerance: 1e-4f);
    }

    [SkippableFact]
    public async Task Sigterm_makes_the_worker_drain_checkpoint_and_exit_with_code_zero()
    {
        var corpus = WriteSubset(600);
        using var worker = WorkerProcess.CrashHost(CrashHostArgs("00:00:00.020"));
        await WaitUntilCheckpointMovesAsync(worker, 0);

        worker.Terminate();
        var exit = await worker.WaitForExitAsync(TimeSpan.FromMinutes(2));

        Assert.True(exit == 0, $"exit code {exit}:\n{worker.Output}");
        var done = ReadDone();
        Assert.InRange(done, 1, corpus.Count - 1);
        await using var index = await EmbeddedIndex.OpenAsync(IndexPath);
        Assert.Equal(done, (await index.DescribeAsync()).Documents);
    }

    private async Task KillRepeatedlyThenFinishAsync(
        Func<IEnumerable<string>, WorkerProcess> start, string[] args, int documents, int kills)
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        output.WriteLine($"kill timing seed {seed}");
        var killsMidJob = 0;
        for (var kill = 0; kill < kills; kill++)
        {
            using var worker = start(args);
            await WaitUntilCheckpointMovesAsync(worker, ReadDone());
            await Task.Delay(random.Next(0, 400));
            if (worker.HasExited)
            {
                output.WriteLine($"run {kill} finished before its kill");
                break;
            }

            worker.KillHard();
            var done = ReadDone();
            killsMidJob += done < documents ? 1 : 0;
            output.WriteLine($"killed run {kill} with the checkpoint at {done} documents");
        }

        using (var last = start(args))
        {
            var exit = await last.WaitForExitAsync(TimeSpan.FromMinutes(5));
            Assert.True(exit == 0, $"the final run exited with {exit}:\n{last.Output}");
        }

        Assert.True(killsMidJob > 0, "no kill landed in the middle of the job");
        Assert.Equal(documents, ReadDone());
        Assert.Empty(Directory.GetFiles(_directory.File("state"), "*.deadletter.jsonl"));
    }

    private async Task AssertIndexHoldsExactlyAsync(
        List<(string Id, string EncodingText)> corpus, Func<IReadOnlyList<string>, Task<float[]>> encode, float tolerance)
    {
        await using var index = await EmbeddedIndex.OpenAsync(IndexPath);
        var description = await index.DescribeAsync();
        Assert.Equal(corpus.Count, description.Documents);
        Assert.Equal(corpus.Count, description.Passages);
        var stored = (await index.GetPassageVectorsAsync([.. corpus.Select(d => d.Id)])).ToDictionary(v => v.Id, StringComparer.Ordinal);
        Assert.Equal(corpus.Count, stored.Count);
        var expected = await encode([.. corpus.Select(d => d.EncodingText)]);
        var dimensions = expected.Length / corpus.Count;
        for (var i = 0; i < corpus.Count; i++)
        {
            var vector = Assert.Single(stored[corpus[i].Id].Vectors).Span;
            var reference = expected.AsSpan(i * dimensions, dimensions);
            for (var d = 0; d < dimensions; d++)
            {
                Assert.True(Math.Abs(vector[d] - reference[d]) <= tolerance,
                    $"document {corpus[i].Id}, dimension {d}: stored {vector[d]}, expected {reference[d]}");
            }
        }
    }

    // Process start-up (and model loading) takes a while on a loaded machine: kill only once this run has made progress.
    private async Task WaitUntilCheckpointMovesAsync(WorkerProcess worker, long before)
    {
        for (var waited = 0; ReadDone() == before && !worker.HasExited; waited += 20)
        {
            Assert.True(waited < 180_000, $"the worker made no progress for 3 minutes:\n{worker.Output}");
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

        // The checkpoint is replaced by rename, so a read sees a whole file; retry if the rename raced the open.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var json = JsonDocument.Parse(File.ReadAllBytes(file));
                return json.RootElement.GetProperty("Done").GetInt64();
            }
            catch (FileNotFoundException) when (attempt < 5)
            {
            }
        }
    }
}
