using System.Text.Json;
using System.Text.Json.Nodes;
using HybridSearch.Elasticsearch.Internal;

namespace HybridSearch.Elasticsearch.Tests.Wire;

/// <summary>Checks a document source against the <c>dynamic: strict</c> mapping the index template creates.</summary>
internal static class MappingAssert
{
    public static void SourceFitsStrictMapping(ElasticsearchBackendOptions options, JsonElement source)
    {
        var template = MappingTemplate.Render(options, TestBackend.Encoder);
        var properties = template["mappings"]!["properties"]!.AsObject();
        Check(properties, source, "$");
    }

    private static void Check(JsonObject properties, JsonElement source, string path)
    {
        foreach (var member in source.EnumerateObject())
        {
            Assert.True(properties.ContainsKey(member.Name), $"{path}.{member.Name} is not in the strict mapping");
            var field = properties[member.Name]!.AsObject();
            var type = field["type"]!.GetValue<string>();
            if (type == "nested")
            {
                foreach (var item in member.Value.EnumerateArray())
                {
                    Check(field["properties"]!.AsObject(), item, $"{path}.{member.Name}[]");
                }
            }
            else if (type == "dense_vector")
            {
                Assert.Equal(field["dims"]!.GetValue<int>(), member.Value.GetArrayLength());
            }
            else if (type == "object")
            {
                Assert.All(member.Value.EnumerateObject(), m => Assert.Equal(JsonValueKind.String, m.Value.ValueKind));
            }
        }
    }
}
