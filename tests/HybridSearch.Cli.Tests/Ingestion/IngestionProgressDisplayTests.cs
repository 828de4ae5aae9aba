using HybridSearch.Cli.Ingestion;
using HybridSearch.Ingestion;
using Microsoft.Extensions.Time.Testing;

namespace HybridSearch.Cli.Tests.Ingestion;

/// <summary>Progress when stderr is redirected: a plain line at most every few seconds, and always the last one.</summary>
public sealed class IngestionProgressDisplayTests
{
    [Fact]
    public void A_line_names_documents_rate_eta_and_dead_letters()
    {
        var line = IngestionProgressDisplay.Describe(new IngestionProgress(1234, 5183, 1230, 4, TimeSpan.FromSeconds(20), 61.7));

        Assert.Equal("1,234 / 5,183 documents (23.8%), 61.7 docs/s, ETA 1m05s, 4 dead-lettered", line);
    }

    [Fact]
    public void Without_a_total_there_is_no_eta()
    {
        var line = IngestionProgressDisplay.Describe(new IngestionProgress(10, null, 10, 0, TimeSpan.FromSeconds(1), 10));

        Assert.Equal("10 documents, 10.0 docs/s", line);
    }

    [Fact]
    public void Redirected_output_gets_one_line_per_interval_and_the_final_state()
    {
        var time = new FakeTimeProvider();
        using var writer = new StringWriter();
        var progress = new IngestionProgressDisplay.PlainProgress(writer, TimeSpan.FromSeconds(5), time);

        progress.Report(Report(1));
        time.Advance(TimeSpan.FromSeconds(1));
        progress.Report(Report(2));
        time.Advance(TimeSpan.FromSeconds(5));
        progress.Report(Report(3));
        progress.Report(Report(4));
        progress.Flush();
        progress.Flush();

        Assert.Equal(
            ["ingest: 1 / 4 documents (25.0%), 1.0 docs/s, ETA 0m03s", "ingest: 3 / 4 documents (75.0%), 1.0 docs/s, ETA 0m01s", "ingest: 4 / 4 documents (100.0%), 1.0 docs/s"],
            writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    private static IngestionProgress Report(long done) => new(done, 4, done, 0, TimeSpan.FromSeconds(done), 1.0);
}
