using System.Text.Json;
using Elastic.Transport;
using HybridSearch.Encoders;

namespace HybridSearch.Elasticsearch.Internal;

internal sealed partial class ElasticsearchEngine
{
    public async Task EnsureIndexAsync(EncoderIdentity documentEncoder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documentEncoder);
        if (documentEncoder.Dimensions is < 1 or > ElasticsearchBackendOptions.MaxDimensions)
        {
            throw new ArgumentOutOfRangeException(
                nameof(documentEncoder),
                documentEncoder.Dimensions,
                $"Elasticsearch dense_vector dims must be 1..{ElasticsearchBackendOptions.MaxDimensions}.");
        }

        // The version first: nothing is created on a server this client cannot talk to.
        await GetVersionAsync(cancellationToken).ConfigureAwait(false);
        var exists = await _client.Indices.ExistsAsync(Index, cancellationToken).ConfigureAwait(false);
        if (!exists.Exists)
        {
            ThrowIfFailed(exists, "check that the index exists", allowNotFound: true);
            await CreateIndexAsync(documentEncoder, cancellationToken).ConfigureAwait(false);
        }

        var layout = await ReadLayoutAsync(cancellationToken).ConfigureAwait(false);
        layout.EnsureCompatible(Index, documentEncoder, _options.NestedPassages);
        _layout = layout;
    }

    private async Task CreateIndexAsync(EncoderIdentity documentEncoder, CancellationToken cancellationToken)
    {
        var body = MappingTemplate.Render(_options, documentEncoder).ToJsonString();
        var path = "/" + Uri.EscapeDataString(_options.VersionedIndexName);
        var response = await _client.Transport.RequestAsync<StringResponse>(
            Elastic.Transport.HttpMethod.PUT, path, PostData.String(body), cancellationToken).ConfigureAwait(false);
        if (response.ApiCallDetails.HttpStatusCode == 400 && IsAlreadyExists(response.Body))
        {
            // Another writer created it between our check and our request: validate theirs like any existing index.
            LogIndexRaced(_logger, _options.VersionedIndexName);
            return;
        }

        ThrowIfFailed(response.ApiCallDetails, response.Body, $"create index '{_options.VersionedIndexName}'");
        LogIndexCreated(_logger, _options.VersionedIndexName, Index, documentEncoder, _options.VectorIndex);
    }

    private static bool IsAlreadyExists(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("error", out var error)
                   && error.ValueKind == JsonValueKind.Object
                   && error.TryGetProperty("type", out var type)
                   && type.GetString() == "resource_already_exists_exception";
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
