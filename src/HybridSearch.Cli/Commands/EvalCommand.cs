using System.CommandLine;
using System.Globalization;
using HybridSearch.Adapters;
using HybridSearch.Chunking;
using HybridSearch.Embedded;
using HybridSearch.Encoders;
using HybridSearch.Evaluation;
using HybridSearch.Ingestion;
using HybridSearch.Onnx;
using HybridSearch.Search;

namespace HybridSearch.Cli.Commands;

/// <summary>
/// <c>eval --dataset DIR --split S --mode bm25|dense|hybrid [--model M] [--chunking truncate|passages] [--output R.json]</c>:
/// builds an embedded index of a BEIR corpus (document vectors cached by model and content), runs every query of the
/// split, and reports nDCG@10, Recall@100, MRR@10, MAP@10 and query latency.
/// </summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "BEIR folder: corpus.jsonl, queries.jsonl, qrels/<split>.tsv", Required = true };
        var split = new Option<string>("--split") { Description = "qrels split", DefaultValueFactory = _ => "test" };
        var mode = new Option<string>("--mode") { Description = "bm25 | dense | hybrid", Required = true };
        mode.AcceptOnlyFromAmong("bm25", "dense", "hybrid");
        var model = new Option<string>("--model") { Description = "Packaged model name or model folder", DefaultValueFactory = _ => EncoderLoader.DefaultModel };
        var chunking = new Option<string>("--chunking")
        {
            Description = "truncate: one vector per document, cut at the model's limit (as published benchmarks do); " +
                          "passages: sentence-aware token windows, a document scores by its best passage (what ingest does)",
            DefaultValueFactory = _ => "passages",
        };
        chunking.AcceptOnlyFromAmong("truncate", "passages");
        var output = new Option<string?>("--output") { Description = "Write the report JSON here" };
        var fusion = new Option<string>("--fusion") { Description = "Hybrid fusion: linear | rrf", DefaultValueFactory = _ => "linear" };
        fusion.AcceptOnlyFromAmong("linear", "rrf");
        var alpha = new Option<double>("--alpha")
        {
            Description = "Linear fusion: weight of the semantic score", DefaultValueFactory = _ => FusionOptions.DefaultAlpha,
        };
        var normalization = new Option<string>("--normalization") { Description = "Linear fusion: minmax | zscore", DefaultValueFactory = _ => "minmax" };
        normalization.AcceptOnlyFromAmong("minmax", "zscore");
        var rankConstant = new Option<int>("--rrf-k") { Description = "RRF constant", DefaultValueFactory = _ => FusionOptions.DefaultRankConstant };
        var window = new Option<int>("--window") { Description = "Fusion window per retriever", DefaultValueFactory = _ => FusionOptions.DefaultWindow };
        var k1 = new Option<float>("--k1") { Description = "BM25 k1", DefaultValueFactory = _ => EmbeddedIndexOptions.DefaultBm25K1 };
        var b = new Option<float>("--b") { Description = "BM25 b", DefaultValueFactory = _ => EmbeddedIndexOptions.DefaultBm25B };
        var rescore = new Option<bool>("--rescore") { Description = "Exact float32 rescoring of vector candidates" };
        var cache = new Option<string?>("--cache") { Description = "Embedding cache folder (default: ~/.cache/hybridsearch/eval)" };
        var threads = new Option<int>("--threads") { Description = "ONNX intra-op threads (0: one per core)" };
        var queryModel = new Option<string?>("--query-model")
        {
            Description = "Query tower from this model (an int8 quantisation of --model, say); documents stay --model's",
        };
        var adapter = new Option<string?>("--adapter") { Description = "Query adapter file from train-adapter (documents are not re-encoded)" };

        var command = new Command("eval", "Evaluate retrieval on a BEIR dataset");
        foreach (var option in new Option[] { dataset, split, mode, model, chunking, output, fusion, alpha, normalization, rankConstant, window, k1, b, rescore, cache, threads, adapter, queryModel })
        {
            command.Options.Add(option);
        }

        command.SetAction((r, cancellationToken) => RunAsync(
            new Settings(
                r.GetValue(dataset)!, r.GetValue(split)!, r.GetValue(mode)!, r.GetValue(model)!, r.GetValue(chunking)!, r.GetValue(output),
                new FusionOptions
                {
                    Method = r.GetValue(fusion) == "rrf" ? FusionMethod.ReciprocalRank : FusionMethod.Linear,
                    Alpha = r.GetValue(alpha),
                    Normalization = r.GetValue(normalization) == "zscore" ? ScoreNormalization.ZScore : ScoreNormalization.MinMax,
                    RankConstant = r.GetValue(rankConstant),
                    Window = r.GetValue(window),
                },
                r.GetValue(k1), r.GetValue(b), r.GetValue(rescore), r.GetValue(cache), r.GetValue(threads), r.GetValue(adapter), r.GetValue(queryModel)),
            cancellationToken));
        return command;
    }

    private sealed record Settings(
        string Dataset, string Split, string Mode, string Model, string Chunking, string? Output, FusionOptions Fusion,
        float K1, float B, bool Rescore, string? Cache, int Threads, string? Adapter, string? QueryModel);

    private static async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Fusion.Alpha is < 0 or > 1)
        {
            throw new CliException($"--alpha must be between 0 and 1, got {settings.Fusion.Alpha}");
        }

        var dataset = await BeirDataset.LoadAsync(settings.Dataset, settings.Split, cancellationToken);
        if (settings.Adapter is not null && settings.Mode == "bm25")
        {
            throw new CliException("--adapter applies to dense and hybrid modes; bm25 encodes no query");
        }

        if (settings.QueryModel is not null && settings.Mode == "bm25")
        {
            throw new CliException("--query-model applies to dense and hybrid modes; bm25 encodes no query");
        }

        var encoderOptions = new OnnxEncoderOptions { IntraOpThreads = settings.Threads };
        var encoder = settings.Mode == "bm25" ? null : EncoderLoader.Load(settings.Model, encoderOptions);
        if (encoder is not null && settings.QueryModel is { } queryModel)
        {
            encoder = EncoderLoader.WithQueryTower(encoder, queryModel, encoderOptions);
        }

        if (encoder is not null && settings.Adapter is { } adapterPath)
        {
            encoder = encoder.WithQueryAdapter(await AdapterLoader.LoadAsync(adapterPath, encoder.DocumentIdentity, cancellationToken));
        }

        var chunking = settings.Chunking == "truncate" ? ChunkingMode.Truncate : ChunkingMode.Passages;
        var cacheDirectory = EvaluationCorpus.CacheDirectory(settings.Cache);
        var indexDirectory = Path.Combine(Path.GetTempPath(), "hybridsearch-eval-" + Guid.NewGuid().ToString("N"));
        var indexOptions = new EmbeddedIndexOptions { Bm25K1 = settings.K1, Bm25B = settings.B, CommitOnDispose = false };

        try
        {
            await using var index = await EvaluationCorpus.BuildAsync(
                dataset, encoder, chunking, indexOptions, indexDirectory, cacheDirectory, Console.Error, cancellationToken);
            var searchMode = settings.Mode switch { "bm25" => SearchMode.Keyword, "dense" => SearchMode.Semantic, _ => SearchMode.Hybrid };
            Func<SearchRequest, CancellationToken, Task<SearchResults>> run;
            if (encoder is null)
            {
                run = (request, ct) => index.SearchAsync(request, ReadOnlyMemory<float>.Empty, ct);
            }
            else
            {
                var client = new HybridSearchClient(encoder, index);
                run = client.SearchAsync;
            }

            // Ranking needs ids and scores only, 100 deep for Recall@100; the second pass times what an application asks
            // for, ten hits with their titles and passages.
            var outcome = await SearchEvaluation.RunAsync(
                (query, ct) => run(Request(query, searchMode, settings, SearchEvaluation.RankingDepth, includeFields: false), ct),
                dataset,
                LatencyWarmupQueries,
                cancellationToken);
            var display = await SearchEvaluation.RunAsync(
                (query, ct) => run(Request(query, searchMode, settings, SearchRequest.DefaultK, includeFields: true), ct),
                dataset,
                LatencyWarmupQueries,
                cancellationToken);
            var report = EvaluationReport.Create(
                Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(settings.Dataset))),
                settings.Split,
                settings.Mode,
                encoder is null ? null : Describe(encoder, settings),
                outcome.Result,
                outcome.LatenciesMs);
            PrintTable(report, settings);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"latency of a {SearchRequest.DefaultK}-hit query with titles and passages: p50 {Percentiles.Compute(display.LatenciesMs, 50):F2} ms, " +
                $"p99 {Percentiles.Compute(display.LatenciesMs, 99):F2} ms"));
            if (settings.Output is { } path)
            {
                var temporary = path + ".tmp";
                await File.WriteAllTextAsync(temporary, report.ToJson() + Environment.NewLine, cancellationToken);
                File.Move(temporary, path, overwrite: true);
            }

            return 0;
        }
        finally
        {
            if (Directory.Exists(indexDirectory))
            {
                Directory.Delete(indexDirectory, recursive: true);
            }
        }
    }

    // Latency is a running service's: the first queries of a process run tier-0 JIT code and fill caches, and .NET only
    // finishes recompiling hot methods after some 30 calls each; 100 untimed queries put every stage past that.
    private const int LatencyWarmupQueries = 100;

    private static SearchRequest Request(string query, SearchMode mode, Settings settings, int k, bool includeFields) => new(query)
    {
        K = k,
        Mode = mode,
        Fusion = settings.Fusion,
        Rescore = settings.Rescore,
        IncludeFields = includeFields,
    };

    private static string Describe(DualEncoder encoder, Settings settings) =>
        encoder.DocumentIdentity.Model + (settings.QueryModel is null ? string.Empty : $" (queries: {encoder.QueryEncoder.Identity.Model})") +
        (settings.Adapter is null ? string.Empty : " + adapter") +
        (settings.Chunking == "truncate" ? string.Empty : " (passages)");

    private static void PrintTable(EvaluationReport report, Settings settings)
    {
        var culture = CultureInfo.InvariantCulture;
        var fusion = settings.Mode == "hybrid"
            ? settings.Fusion.Method == FusionMethod.ReciprocalRank
                ? string.Create(culture, $", rrf k={settings.Fusion.RankConstant}")
                : string.Create(culture, $", linear {settings.Fusion.Normalization} alpha={settings.Fusion.Alpha}")
            : string.Empty;
        Console.WriteLine(string.Create(culture, $"{report.Dataset} {report.Split}: {report.Mode} {report.Model ?? "bm25"}{fusion}, {report.Queries} queries"));
        Console.WriteLine("| nDCG@10 | Recall@100 | MRR@10 | MAP@10 | p50 ms | p99 ms |");
        Console.WriteLine("|--------:|-----------:|-------:|-------:|-------:|-------:|");
        Console.WriteLine(string.Create(
            culture,
            $"| {report.Ndcg10:F4} | {report.Recall100:F4} | {report.Mrr10:F4} | {report.Map10:F4} | {report.QueryP50Ms:F2} | {report.QueryP99Ms:F2} |"));
    }
}
