using HybridSearch.WebDemo.Load;

// Load benchmark for the web demo (not a test): N concurrent clients send GET /api/search for a fixed time, cycling through
// a BEIR queries.jsonl, and the run prints one JSON line with requests/s, latency percentiles and errors.
//   dotnet run -c Release --project samples/HybridSearch.WebDemo.Load -- --url http://127.0.0.1:5000 \
//       --queries ../shared/datasets/scifact/queries.jsonl [--clients 32] [--seconds 30] [--mode hybrid] [--k 10]
try
{
    var settings = LoadSettings.Parse(args);
    var report = await LoadRun.RunAsync(settings, CancellationToken.None);
    Console.WriteLine(report.ToJson());
    return report.Errors == 0 ? 0 : 1;
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine(exception.Message);
    return 2;
}
