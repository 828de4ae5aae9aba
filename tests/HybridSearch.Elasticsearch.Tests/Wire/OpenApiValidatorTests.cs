using System.Text.Json;

namespace HybridSearch.Elasticsearch.Tests.Wire;

public sealed class OpenApiValidatorTests
{
    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;

    [SkippableFact]
    public void A_documented_knn_search_body_passes()
    {
        var errors = WireAssert.RequireOpenApi().ValidateRequestBody("post", "/{index}/_search", Parse(
            """{"size": 3, "knn": {"field": "vector", "query_vector": [0.5, 0.25], "k": 3, "num_candidates": 30}}"""));
        Assert.Empty(errors);
    }

    [SkippableFact]
    public void A_misspelt_key_is_rejected_as_undeclared()
    {
        var errors = WireAssert.RequireOpenApi().ValidateRequestBody("post", "/{index}/_search", Parse(
            """{"knn": {"field": "vector", "query_vector": [0.5], "k": 3, "num_candidate": 30}}"""));
        Assert.Contains(errors, e => e.Contains("num_candidate", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void A_value_of_the_wrong_type_is_rejected()
    {
        var errors = WireAssert.RequireOpenApi().ValidateRequestBody("post", "/{index}/_search", Parse("""{"size": "ten"}"""));
        Assert.Contains(errors, e => e.StartsWith("$.size", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void An_unknown_enum_value_is_rejected()
    {
        var errors = WireAssert.RequireOpenApi().ValidateRequestBody("put", "/{index}", Parse(
            """{"mappings": {"properties": {"v": {"type": "dense_vector", "dims": 4, "similarity": "dot"}}}}"""));
        Assert.Contains(errors, e => e.Contains("similarity", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void An_unknown_field_type_is_rejected_through_the_discriminator()
    {
        var errors = WireAssert.RequireOpenApi().ValidateRequestBody("put", "/{index}", Parse(
            """{"mappings": {"properties": {"v": {"type": "dense_vectors", "dims": 4}}}}"""));
        Assert.Contains(errors, e => e.Contains("dense_vectors", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Short_forms_that_elasticsearch_accepts_pass()
    {
        var errors = WireAssert.RequireOpenApi().ValidateRequestBody("post", "/{index}/_search", Parse(
            """{"query": {"bool": {"filter": [{"term": {"metadata.lang": "en"}}], "must": [{"match": {"text": "cells"}}]}}}"""));
        Assert.Empty(errors);
    }

    [SkippableFact]
    public void Nested_objects_are_checked_strictly_too()
    {
        var errors = WireAssert.RequireOpenApi().ValidateRequestBody("post", "/{index}/_search", Parse(
            """{"query": {"multi_match": {"query": "x", "fields": ["title"], "tie_breakr": 0.5}}}"""));
        Assert.Contains(errors, e => e.Contains("tie_breakr", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void A_field_sort_the_document_leaves_out_is_checked_as_the_specification_declares_it()
    {
        var validator = WireAssert.RequireOpenApi();

        Assert.Empty(validator.ValidateRequestBody("post", "/_search", Parse("""{"sort": [{"id": {"order": "asc"}}, "_score"]}""")));
        Assert.NotEmpty(validator.ValidateRequestBody("post", "/_search", Parse("""{"sort": {"id": {"order": "up"}}}""")));
        Assert.NotEmpty(validator.ValidateRequestBody("post", "/_search", Parse("""{"sort": {"id": {"ordr": "asc"}}}""")));
    }
}
