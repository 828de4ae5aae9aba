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

    private static readonly string[] KnownFields = ["name", "pooling", "maxTokens", "dimensions", "queryPrefix", "documentPrefix", "lowerCase"];

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
                lowerCase);
        }
    }

    private static string RequireFile(string folder, string name)
    {
        var path = Path.Combine(folder, name);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"Model folder '{folder}' has no {name} (a custom model needs {ModelFileName}, {VocabularyFileName} and {ConfigurationFileName}).", path);
    }

    private static string? ReadString(JsonElement root, string path, string field, bool required)
    {
        if (!root.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return required ? throw new InvalidDataException($"{path}: field \"{field}\" is required.") : null;
        }

        return element.ValueKind == JsonValueKind.String
            ? element.GetString()
            : throw new InvalidDataException($"{path}: field \"{field}\" must be a string.");
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
