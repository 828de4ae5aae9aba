using System.Text.Json.Serialization;

namespace HybridSearch.Adapters;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(QueryAdapterFileHeader))]
internal sealed partial class AdapterJsonContext : JsonSerializerContext;
