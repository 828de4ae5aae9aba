using System.Text.Json;

namespace HybridSearch.Elasticsearch.Tests.Wire;

/// <summary>
/// A strict validator for the JSON-schema subset Elastic's OpenAPI document uses: <c>$ref</c>, <c>type</c>, <c>enum</c>,
/// <c>properties</c>, <c>required</c>, <c>additionalProperties</c>, <c>items</c>, <c>oneOf</c>/<c>anyOf</c> (at least one
/// branch; a <c>discriminator</c> picks the branch by its property), <c>allOf</c>, <c>min/maxProperties</c>, <c>nullable</c>.
/// Strict: an object whose schema declares properties (over all <c>allOf</c> branches) and no
/// <c>additionalProperties</c> may hold no other key, so typos such as <c>num_candidate</c> fail. Short forms ES accepts
/// but the schemas do not spell out (<c>{"term": {"f": "v"}}</c> for <c>{"term": {"f": {"value": "v"}}}</c>) pass: a
/// scalar where an object with a required <c>value</c> or <c>query</c> is expected is checked as that property.
/// </summary>
internal sealed class OpenApiValidator
{
    private static readonly string[] ShortFormKeys = ["value", "query"];
    private static readonly string[] FieldSortKeys = ["missing", "mode", "nested", "order", "unmapped_type", "numeric_type", "format"];
    private const string SortOptionsSchema = "_types.SortOptions";
    private readonly JsonElement _root;

    public OpenApiValidator(JsonElement root) => _root = root;

    /// <summary>Validates a request body of <paramref name="method"/> <paramref name="path"/> (e.g. <c>post</c>, <c>/{index}/_search</c>).</summary>
    public List<string> ValidateRequestBody(string method, string path, JsonElement body)
    {
        var operation = _root.GetProperty("paths").GetProperty(path).GetProperty(method);
        var requestBody = Resolve(operation.GetProperty("requestBody"));
        var schema = requestBody.GetProperty("content").GetProperty("application/json").GetProperty("schema");
        var errors = new List<string>();
        Validate(body, schema, "$", errors);
        return errors;
    }

    /// <summary>Validates <paramref name="instance"/> against <c>#/components/schemas/<paramref name="schemaName"/></c>.</summary>
    public List<string> ValidateSchema(string schemaName, JsonElement instance)
    {
        var errors = new List<string>();
        Validate(instance, _root.GetProperty("components").GetProperty("schemas").GetProperty(schemaName), "$", errors);
        return errors;
    }

    private JsonElement Resolve(JsonElement schema)
    {
        while (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference))
        {
            var pointer = reference.GetString()!;
            if (!pointer.StartsWith("#/", StringComparison.Ordinal))
            {
                throw new NotSupportedException($"External $ref {pointer}");
            }

            var node = _root;
            foreach (var part in pointer[2..].Split('/'))
            {
                node = node.GetProperty(part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
            }

            schema = node;
        }

        return schema;
    }

    private void Validate(JsonElement instance, JsonElement schema, string path, List<string> errors, bool strict = true)
    {
        if (IsReference(schema, SortOptionsSchema) && ValidateFieldSort(instance, path, errors))
        {
            return;
        }

        schema = Resolve(schema);
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (instance.ValueKind == JsonValueKind.Null)
        {
            if (!(schema.TryGetProperty("nullable", out var nullable) && nullable.GetBoolean()) && schema.TryGetProperty("type", out _))
            {
                errors.Add($"{path}: null is not allowed");
            }

            return;
        }

        if (instance.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array) && ShortForm(schema) is { } shortKey)
        {
            // ES short form: a bare value stands for {"value": …} (term) or {"query": …} (match).
            var expanded = JsonDocument.Parse($"{{{JsonSerializer.Serialize(shortKey)}: {instance.GetRawText()}}}").RootElement;
            Validate(expanded, schema, path, errors, strict);
            return;
        }

        if (schema.TryGetProperty("discriminator", out var discriminator) && ValidateDiscriminated(instance, schema, discriminator, path, errors))
        {
            return;
        }

        foreach (var keyword in new[] { "oneOf", "anyOf" })
        {
            if (schema.TryGetProperty(keyword, out var branches))
            {
                ValidateAlternatives(instance, branches, path, errors, keyword);
            }
        }

        if (schema.TryGetProperty("allOf", out var all))
        {
            foreach (var branch in all.EnumerateArray())
            {
                Validate(instance, branch, path, errors, strict: false);
            }
        }

        if (schema.TryGetProperty("type", out var type) && !ValidateType(instance, schema, type.GetString()!, path, errors))
        {
            return;
        }

        if (schema.TryGetProperty("enum", out var values) && !values.EnumerateArray().Any(v => JsonElement.DeepEquals(v, instance)))
        {
            errors.Add($"{path}: {instance.GetRawText()} is not one of {values.GetRawText()}");
        }

        if (instance.ValueKind == JsonValueKind.Object)
        {
            ValidateObject(instance, schema, path, errors, strict);
        }
        else if (instance.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in instance.EnumerateArray())
            {
                Validate(item, items, $"{path}[{i++}]", errors);
            }
        }
    }

    /// <summary>
    /// The document's <c>_types.SortOptions</c> declares only <c>_score</c>, <c>_doc</c>, <c>_geo_distance</c> and
    /// <c>_script</c>: the field form <c>{"field": {"order": "asc"}}</c>, which Elasticsearch's specification declares as the
    /// container's additional property (a <c>FieldSort</c>), is missing, and <c>FieldSort</c> with it. A one-key object naming
    /// another key is checked here instead, as strictly: only <c>FieldSort</c>'s keys, <c>order</c> from <c>_types.SortOrder</c>.
    /// Returns false when the instance is not in that form, so the declared branches are checked as usual.
    /// </summary>
    private bool ValidateFieldSort(JsonElement instance, string path, List<string> errors)
    {
        if (instance.ValueKind != JsonValueKind.Object || instance.EnumerateObject().Count() != 1)
        {
            return false;
        }

        var field = instance.EnumerateObject().First();
        if (field.Name is "_score" or "_doc" or "_geo_distance" or "_script")
        {
            return false;
        }

        if (field.Value.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}.{field.Name}: a field sort must be an object such as {{\"order\": \"asc\"}}");
            return true;
        }

        foreach (var option in field.Value.EnumerateObject())
        {
            if (!FieldSortKeys.Contains(option.Name))
            {
                errors.Add($"{path}.{field.Name}.{option.Name}: not a field sort option ({string.Join(", ", FieldSortKeys)})");
            }
            else if (option.Name == "order")
            {
                var order = JsonDocument.Parse("{\"$ref\": \"#/components/schemas/_types.SortOrder\"}").RootElement;
                Validate(option.Value, order, $"{path}.{field.Name}.order", errors);
            }
        }

        return true;
    }

    private static bool IsReference(JsonElement schema, string name) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference) &&
        reference.GetString() == "#/components/schemas/" + name;

    private bool ValidateDiscriminated(JsonElement instance, JsonElement schema, JsonElement discriminator, string path, List<string> errors)
    {
        var property = discriminator.GetProperty("propertyName").GetString()!;
        if (instance.ValueKind != JsonValueKind.Object || !instance.TryGetProperty(property, out var tag) || tag.ValueKind != JsonValueKind.String
            || !discriminator.TryGetProperty("mapping", out var mapping))
        {
            return false;
        }

        if (!mapping.TryGetProperty(tag.GetString()!, out var target))
        {
            errors.Add($"{path}.{property}: '{tag.GetString()}' is not a known {property}");
            return true;
        }

        var reference = JsonDocument.Parse($"{{\"$ref\": {JsonSerializer.Serialize(target.GetString())}}}").RootElement;
        Validate(instance, reference, path, errors);
        _ = schema;
        return true;
    }

    private void ValidateAlternatives(JsonElement instance, JsonElement branches, string path, List<string> errors, string keyword)
    {
        List<string>? best = null;
        foreach (var branch in branches.EnumerateArray())
        {
            var branchErrors = new List<string>();
            Validate(instance, branch, path, branchErrors);
            if (branchErrors.Count == 0)
            {
                return;
            }

            if (best is null || branchErrors.Count < best.Count)
            {
                best = branchErrors;
            }
        }

        errors.Add($"{path}: matches no {keyword} branch; closest: {string.Join("; ", best ?? [])}");
    }

    private static bool ValidateType(JsonElement instance, JsonElement schema, string type, string path, List<string> errors)
    {
        var ok = type switch
        {
            "object" => instance.ValueKind == JsonValueKind.Object,
            "array" => instance.ValueKind == JsonValueKind.Array,
            "string" => instance.ValueKind == JsonValueKind.String,
            "number" => instance.ValueKind == JsonValueKind.Number,
            "integer" => instance.ValueKind == JsonValueKind.Number && instance.TryGetInt64(out _),
            "boolean" => instance.ValueKind is JsonValueKind.True or JsonValueKind.False,
            _ => true,
        };
        if (ok)
        {
            return true;
        }

        errors.Add($"{path}: expected {type}, found {instance.ValueKind}");
        return false;
    }

    private string? ShortForm(JsonElement schema)
    {
        var properties = CollectProperties(schema);
        return properties.Count == 0 ? null : ShortFormKeys.FirstOrDefault(properties.Contains);
    }

    private void ValidateObject(JsonElement instance, JsonElement schema, string path, List<string> errors, bool strict)
    {
        // In an allOf branch (not strict) min/maxProperties constrain the branch's own keys: Elastic's generator puts
        // "exactly one of mapping/runtime" beside match keys that way (DynamicTemplate).
        var own = !strict && schema.TryGetProperty("properties", out var ownProperties) ? ownProperties : default;
        var count = own.ValueKind == JsonValueKind.Object
            ? instance.EnumerateObject().Count(m => own.TryGetProperty(m.Name, out _))
            : instance.EnumerateObject().Count();
        if (schema.TryGetProperty("minProperties", out var min) && count < min.GetInt32())
        {
            errors.Add($"{path}: needs at least {min.GetInt32()} properties");
        }

        if (schema.TryGetProperty("maxProperties", out var max) && count > max.GetInt32())
        {
            errors.Add($"{path}: allows at most {max.GetInt32()} properties, found {count}");
        }

        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray())
            {
                if (!instance.TryGetProperty(name.GetString()!, out _))
                {
                    errors.Add($"{path}: missing required '{name.GetString()}'");
                }
            }
        }

        var declared = schema.TryGetProperty("properties", out var properties) ? properties : default;
        var additional = schema.TryGetProperty("additionalProperties", out var extra) ? extra : default;
        var known = strict ? CollectProperties(schema) : null;
        foreach (var member in instance.EnumerateObject())
        {
            var memberPath = $"{path}.{member.Name}";
            if (declared.ValueKind == JsonValueKind.Object && declared.TryGetProperty(member.Name, out var propertySchema))
            {
                Validate(member.Value, propertySchema, memberPath, errors);
            }
            else if (additional.ValueKind == JsonValueKind.Object)
            {
                Validate(member.Value, additional, memberPath, errors);
            }
            else if (additional.ValueKind == JsonValueKind.False)
            {
                errors.Add($"{memberPath}: not allowed");
            }
            else if (known is { Count: > 0 } && !known.Contains(member.Name) && !HasAdditional(schema))
            {
                errors.Add($"{memberPath}: undeclared property (declared: {string.Join(", ", known.Order(StringComparer.Ordinal))})");
            }
        }
    }

    /// <summary>Every property name declared by the schema and its <c>allOf</c> branches.</summary>
    private HashSet<string> CollectProperties(JsonElement schema)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        Collect(schema, names, 0);
        return names;
    }

    private void Collect(JsonElement schema, HashSet<string> names, int depth)
    {
        schema = Resolve(schema);
        if (depth > 16 || schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (schema.TryGetProperty("properties", out var properties))
        {
            foreach (var p in properties.EnumerateObject())
            {
                names.Add(p.Name);
            }
        }

        if (schema.TryGetProperty("allOf", out var all))
        {
            foreach (var branch in all.EnumerateArray())
            {
                Collect(branch, names, depth + 1);
            }
        }
    }

    private bool HasAdditional(JsonElement schema)
    {
        schema = Resolve(schema);
        if (schema.TryGetProperty("additionalProperties", out var extra) && extra.ValueKind != JsonValueKind.False)
        {
            return true;
        }

        return schema.TryGetProperty("allOf", out var all) && all.EnumerateArray().Any(HasAdditional);
    }
}
