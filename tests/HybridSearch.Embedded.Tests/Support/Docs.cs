using HybridSearch.Encoders;
using HybridSearch.Search;

namespace HybridSearch.Embedded.Tests.Support;

/// <summary>Hand-made documents and vectors.</summary>
internal static class Docs
{
    public static readonly EncoderIdentity Encoder = new("test-model", new string('a', 64), 4);

    public static readonly EncoderIdentity OtherEncoder = new("other-model", new string('b', 64), 4);

    /// <summary>The unit vector along axis <paramref name="axis"/>, or a normalised mix of two axes.</summary>
    public static float[] Axis(int axis, int dimensions = 4)
    {
        var vector = new float[dimensions];
        vector[axis] = 1;
        return vector;
    }

    public static float[] Unit(params float[] values)
    {
        var norm = MathF.Sqrt(values.Sum(v => v * v));
        return values.Select(v => v / norm).ToArray();
    }

    /// <summary>A one-passage document covering its whole encoding text.</summary>
    public static EncodedDocument One(string id, string text, float[] vector, string? title = null, Dictionary<string, string>? metadata = null)
    {
        var document = new SearchDocument(id, text, title, metadata);
        return new EncodedDocument(document, [new EncodedPassage(0, document.EncodingText.Length, vector)], "hash-" + id);
    }

    /// <summary>A document with one passage per text part, the parts joined by single spaces.</summary>
    public static EncodedDocument Passages(string id, string[] parts, float[][] vectors, Dictionary<string, string>? metadata = null)
    {
        var document = new SearchDocument(id, string.Join(' ', parts), metadata: metadata);
        var passages = new List<EncodedPassage>();
        var start = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            passages.Add(new EncodedPassage(start, parts[i].Length, vectors[i]));
            start += parts[i].Length + 1;
        }

        return new EncodedDocument(document, passages, "hash-" + id);
    }

    public static Dictionary<string, string> Meta(string key, string value) => new() { [key] = value };

    public static async Task<EmbeddedIndex> OpenAsync(string path, EmbeddedIndexOptions? options = null)
    {
        var index = await EmbeddedIndex.OpenAsync(path, options);
        await index.EnsureIndexAsync(Encoder);
        return index;
    }

    public static VectorQuery Vector(float[] vector, int k = 10, Dictionary<string, string>? filters = null) =>
        new(vector, k, 100, filters ?? []);

    public static KeywordQuery Keyword(string text, int k = 10, Dictionary<string, string>? filters = null) =>
        new(text, k, filters ?? []);
}
