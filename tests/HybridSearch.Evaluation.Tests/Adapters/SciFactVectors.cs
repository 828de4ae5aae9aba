using System.Globalization;
using System.Text.Json;
using HybridSearch.Adapters;

namespace HybridSearch.Evaluation.Tests.Adapters;

/// <summary>
/// SciFact with cached vectors from the independent peer (<c>/tmp/peer-node</c>): documents as title + " " + text, queries
/// with the model's query prefix. Qrels come from the BEIR files. Evaluation here is a plain reimplementation of BEIR's
/// dense nDCG@10 (exact search, linear gains), independent of the trainer's own ranking code.
/// </summary>
internal sealed class SciFactVectors
{
    private SciFactVectors(string[] documentIds, float[] documents, Dictionary<string, float[]> queries, string datasetDirectory)
    {
        DocumentIds = documentIds;
        Documents = documents;
        Queries = queries;
        Train = ReadQrels(Path.Combine(datasetDirectory, "qrels", "train.tsv"));
        Test = ReadQrels(Path.Combine(datasetDirectory, "qrels", "test.tsv"));
    }

    public string[] DocumentIds { get; }

    public float[] Documents { get; }

    public Dictionary<string, float[]> Queries { get; }

    public int Dimensions => Queries.First().Value.Length;

    public List<RelevanceJudgement> Train { get; }

    public List<RelevanceJudgement> Test { get; }

    public static SciFactVectors Load(string vectorDirectory, string model, string datasetDirectory)
    {
        var (documentIds, documentRows) = ReadVectors(Path.Combine(vectorDirectory, $"{model}.docs.vec.jsonl"));
        var (queryIds, queryRows) = ReadVectors(Path.Combine(vectorDirectory, $"{model}.queries.vec.jsonl"));
        var d = documentRows[0].Length;
        var documents = new float[documentIds.Length * d];
        for (var i = 0; i < documentRows.Count; i++)
        {
            documentRows[i].CopyTo(documents, i * d);
        }

        var queries = new Dictionary<string, float[]>(StringComparer.Ordinal);
        for (var i = 0; i < queryIds.Length; i++)
        {
            queries[queryIds[i]] = queryRows[i];
        }

        return new SciFactVectors(documentIds, documents, queries, datasetDirectory);
    }

    public AdapterTrainingSet TrainingSet(IReadOnlyCollection<string> queryIds, IEnumerable<RelevanceJudgement> judgements, string model)
    {
        var ids = queryIds.ToArray();
        var vectors = new float[ids.Length * Dimensions];
        for (var i = 0; i < ids.Length; i++)
        {
            Queries[ids[i]].CopyTo(vectors, i * Dimensions);
        }

        var wanted = new HashSet<string>(ids, StringComparer.Ordinal);
        return AdapterTrainingSet.Create(
            new HybridSearch.Encoders.EncoderIdentity(model, "peer-" + model, Dimensions), DocumentIds, Documents, ids, vectors,
            judgements.Where(j => wanted.Contains(j.QueryId)));
    }

    /// <summary>Mean dense nDCG@10 over the judged queries, optionally through an adapter.</summary>
    public double NdcgAt10(IEnumerable<RelevanceJudgement> judgements, QueryAdapter? adapter)
    {
        var byQuery = judgements.Where(j => j.Grade > 0).GroupBy(j => j.QueryId, StringComparer.Ordinal).ToList();
        var total = 0.0;
        var d = Dimensions;
        var scores = new (double Score, int Index)[DocumentIds.Length];
        foreach (var group in byQuery)
        {
            var query = (float[])Queries[group.Key].Clone();
            adapter?.Apply(query, query);
            for (var doc = 0; doc < DocumentIds.Length; doc++)
            {
                var score = 0.0;
                for (var i = 0; i < d; i++)
                {
                    score += query[i] * Documents[(doc * d) + i];
                }

                scores[doc] = (score, doc);
            }

            Array.Sort(scores, (a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Index.CompareTo(b.Index));
            var grades = group.ToDictionary(j => j.DocumentId, j => j.Grade, StringComparer.Ordinal);
            var dcg = 0.0;
            for (var rank = 0; rank < 10; rank++)
            {
                dcg += grades.GetValueOrDefault(DocumentIds[scores[rank].Index]) / Math.Log2(rank + 2);
            }

            var ideal = grades.Values.OrderDescending().Take(10).Select((g, rank) => g / Math.Log2(rank + 2)).Sum();
            total += dcg / ideal;
        }

        return total / byQuery.Count;
    }

    private static (string[] Ids, List<float[]> Rows) ReadVectors(string path)
    {
        var ids = new List<string>();
        var rows = new List<float[]>();
        foreach (var line in File.ReadLines(path))
        {
            using var json = JsonDocument.Parse(line);
            ids.Add(json.RootElement.GetProperty("id").GetString()!);
            rows.Add(json.RootElement.GetProperty("vector").EnumerateArray().Select(v => v.GetSingle()).ToArray());
        }

        return ([.. ids], rows);
    }

    private static List<RelevanceJudgement> ReadQrels(string path) =>
        File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t'))
            .Select(f => new RelevanceJudgement(f[0], f[1], int.Parse(f[2], CultureInfo.InvariantCulture))).ToList();
}
