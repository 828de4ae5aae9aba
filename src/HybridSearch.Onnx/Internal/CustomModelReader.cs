using System.Text.Json;

namespace HybridSearch.Onnx.Internal;

/// <summary>
/// Reads a custom model folder: <c>model.onnx</c>, <c>vocab.txt</c> and <c>hybridsearch-model.json</c>, for example
/// <c>{"name":"my-model","pooling":"mean","maxTokens":256,"dimensions":384,"queryPrefix":"","documentPrefix":"","lowerCase":true}</c>.
/// <c>pooling</c>, <c>maxTokens</c> and <c>dimensions</c> are required; <c>name</c> defaults to the folder name,
/// prefixes to none and <c>lowerCase</c> to true. Every error names the file and the field at fault.
/// </summary>
internal static class CustomModelReader
{
    public const string ConfigurationFileName = "hybridsearch-model.json";
    public const string ModelFileName = "model.onnx";
    public const string VocabularyFileName = "vocab.txt";

    /// <summary>The files a custom model folder must hold.</summary>
    public static readonly string[] RequiredFiles = [ModelFileName, VocabularyFileName, ConfigurationFileName];

    private static readonly string[] KnownFields = ["name", "pooling", "maxTokens", "dimensions", "queryPrefix", "documentPrefix", "lowerCase", "quantization"];
    private static readonly string[] QuantizationFields = ["method", "sourceModel", "sourceSha256", "reduceRange", "floatContractions"];

    public static ModelFiles Read(string folder)
    {
        var root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"Model folder '{root}' does not exist.");
        }

        var modelPath = RequireFile(root, ModelFileName);
        var vocabularyPath = RequireFile(root, VocabularyFileName);
        var configurationPath = RequireFile(root, ConfigurationFileName);
        var configuration = ReadConfiguration(configurationPath, Path.GetFileName(root));
        return new ModelFiles(modelPath, vocabularyPath, configuration, FileHashing.Sha256(modelPath));
    }

    public static OnnxModelConfiguration ReadConfiguration(string path, string defaultName)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{path}: expected a JSON object with pooling, maxTokens and dimensions.");
            }

            foreach (var property in root.EnumerateObject())
            {
                if (Array.IndexOf(KnownFields, property.Name) < 0)
                {
                    throw new InvalidDataException($"{path}: unknown field \"{property.Name}\" (known: {string.Join(", ", KnownFields)}).");
                }
            }

            var pooling = ReadString(root, path, "pooling", required: true) switch
            {
                "mean" => ModelPooling.Mean,
                "cls" => ModelPooling.Cls,
                var other => throw new InvalidDataException($"{path}: field \"pooling\" must be \"mean\" or \"cls\", not \"{other}\"."),
            };
            var maxTokens = ReadInt(root, path, "maxTokens", minimum: 3);
            var dimensions = ReadInt(root, path, "dimensions", minimum: 1);
            var name = ReadString(root, path, "name", required: false) ?? defaultName;
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new InvalidDataException($"{path}: field \"name\" must not be empty.");
            }

            var lowerCase = true;
            if (root.TryGetProperty("lowerCase", out var lowerCaseElement))
            {
                lowerCase = lowerCaseElement.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw new InvalidDataException($"{path}: field \"lowerCase\" must be true or false."),
                };
            }

            return new OnnxModelConfiguration(
                name, pooling, maxTokens, dimensions,
                ReadString(root, path, "queryPrefix", required: false) ?? "",
                ReadString(root, path, "documentPrefix", required: false) ?? "",
                lowerCase)
            {
                Quantization = ReadQuantization(root, path),
            };
        }
    }

    /// <summary>Writes <paramref name="configuration"/> as <c>hybridsearch-model.json</c>, the form <see cref="ReadConfiguration"/> reads.</summary>
    public static void WriteConfiguration(string path, OnnxModelConfiguration configuration)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteString("name", configuration.Name);
        writer.WriteString("pooling", configuration.Pooling == ModelPooling.Mean ? "mean" : "cls");
        writer.WriteNumber("maxTokens", configuration.MaxTokens);
        writer.WriteNumber("dimensions", configuration.Dimensions);
        writer.WriteString("queryPrefix", configuration.QueryPrefix);
        writer.WriteString("documentPrefix", configuration.DocumentPrefix);
        writer.WriteBoolean("lowerCase", configuration.LowerCase);
        if (configuration.Quantization is { } quantization)
        {
            writer.WriteStartObject("quantization");
            writer.WriteString("method", quantization.Method);
            writer.WriteString("sourceModel", quantization.SourceModel);
            writer.WriteString("sourceSha256", quantization.SourceSha256);
            writer.WriteBoolean("reduceRange", quantization.ReduceRange);
            writer.WriteBoolean("floatContractions", quantization.FloatContractions);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static OnnxModelQuantization? ReadQuantization(JsonElement root, string path)
    {
        if (!root.TryGetProperty("quantization", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{path}: field \"quantization\" must be an object with {string.Join(", ", QuantizationFields)}.");
        }

        foreach (var property in element.EnumerateObject())
        {
            if (Array.IndexOf(QuantizationFields, property.Name) < 0)
            {
                throw new InvalidDataException(
                    $"{path}: unknown field \"quantization.{property.Name}\" (known: {string.Join(", ", QuantizationFields)}).");
            }
        }

        var method = ReadString(element, path, "method", required: true, prefix: "quantization.");
        if (method != OnnxModelQuantization.DynamicInt8)
        {
            throw new InvalidDataException(
                $"{path}: field \"quantization.method\" must be \"{OnnxModelQuantization.DynamicInt8}\", not \"{method}\".");
        }

        var source = ReadString(element, path, "sourceModel", required: true, prefix: "quantization.")!;
        var sha256 = ReadString(element, path, "sourceSha256", required: true, prefix: "quantization.")!;
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
        {
            throw new InvalidDataException($"{path}: field \"quantization.sourceSha256\" must be 64 lower-case hex digits.");
        }

        return new OnnxModelQuantization(
            method!, source, sha256, ReadFlag(element, path, "reduceRange"), ReadFlag(element, path, "floatContractions"));
    }

    private static bool ReadFlag(JsonElement quantization, string path, string field)
    {
        if (!quantization.TryGetProperty(field, out var element))
        {
            return false;
        }

        return element.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new InvalidDataException($"{path}: field \"quantization.{field}\" must be true or false."),
        };
    }

    private static string RequireFile(string folder, string name)
    {
        var path = Path.Combine(folder, name);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"Model folder '{folder}' has no {name} (a custom model needs {ModelFileName}, {VocabularyFileName} and {ConfigurationFileName}).", path);
    }

    private static string? ReadString(JsonElement root, string path, string field, bool required, string prefix = "")
    {
        if (!root.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return required ? throw new InvalidDataException($"{path}: field \"{prefix}{field}\" is required.") : null;
        }

        return element.ValueKind == JsonValueKind.String
            ? element.GetString()
            : throw new InvalidDataException($"{path}: field \"{prefix}{field}\" must be a string.");
    }

    private static int ReadInt(JsonElement root, string path, string field, int minimum)
    {
        if (!root.TryGetProperty(field, out var element))
        {
            throw new InvalidDataException($"{path}: field \"{field}\" is required.");
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out var value) || value < minimum)
        {
            throw new InvalidDataException($"{path}: field \"{field}\" must be a whole number of at least {minimum}.");
        }

        return value;
    }
}
