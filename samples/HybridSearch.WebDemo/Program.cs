using HybridSearch.WebDemo;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddProblemDetails();
builder.Services.AddHybridSearch()              // options from the "HybridSearch" section, validated at start-up
    .AddOnnxEncoders()                          // HybridSearch:Model, e.g. "minilm"
    .AddEmbeddedIndex()                         // HybridSearch:IndexPath
    .AddHealthCheck(tags: ["ready"]);           // backend answers, index exists, encoder matches
builder.Services.AddStartupIndexing();          // indexes StartupIndexing:Documents; not ready until done
var app = builder.Build();
app.UseExceptionHandler();
app.UseDefaultFiles();
app.UseStaticFiles();
app.MapSearchApi();                             // GET /api/search?q=&mode=&k=
app.MapHealthChecks("/health/ready", ReadinessEndpoint.Options);
app.Run();

public partial class Program;
