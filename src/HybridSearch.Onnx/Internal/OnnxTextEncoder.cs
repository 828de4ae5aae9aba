using HybridSearch.Encoders;
using HybridSearch.Onnx.Internal.Tokenization;
using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;

namespace HybridSearch.Onnx.Internal;

/// <summary>
/// A BERT-style sentence-embedding model run by ONNX Runtime: tokenise, sort by token count, run in batches padded to
/// their own longest text, pool (mean over the mask, or <c>[CLS]</c>), L2-normalise, and write each vector to its
/// input's row. Safe for concurrent callers: <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string},
/// IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue})"/> is thread-safe and
/// every call rents its own buffers.
/// </summary>
internal sealed partial class OnnxTextEncoder : ITextEncoder
{
    private const string OutputName = "last_hidden_state";

    private readonly InferenceSession _session;
    private readonly BertTextTokenizer _tokenizer;
    private readonly OnnxModelConfiguration _configuration;
    private readonly string[] _inputNames;
    private readonly ModelInput[] _inputs;
    private readonly string[] _outputNames = [OutputName];
    private readonly int _batchSize;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private int _disposed;

    private OnnxTextEncoder(
        InferenceSession session, BertTextTokenizer tokenizer, ModelFiles files, string[] inputNames, ModelInput[] inputs, int batchSize)
    {
        _session = session;
        _tokenizer = tokenizer;
        _configuration = files.Configuration;
        _inputNames = inputNames;
        _inputs = inputs;
        _batchSize = batchSize;
        Identity = new EncoderIdentity(_configuration.Name, files.ModelSha256, _configuration.Dimensions)
        {
            DerivedFromSha256 = _configuration.Quantization?.SourceSha256,
        };
        _metadata = new EmbeddingGeneratorMetadata("onnxruntime", null, _configuration.Name, _configuration.Dimensions);
    }

    private enum ModelInput
    {
        InputIds,
        AttentionMask,
        TokenTypeIds,
    }

    public EncoderIdentity Identity { get; }

    public int MaxTokens => _configuration.MaxTokens;

    public ITextTokenizer Tokenizer => _tokenizer;

    /// <exception cref="InvalidDataException">The model or vocabulary cannot be loaded or does not fit the configuration.</exception>
    public static OnnxTextEncoder Create(ModelFiles files, OnnxEncoderOptions options)
    {
        var configuration = files.Configuration;
        var tokenizer = BertTextTokenizer.Create(files.VocabularyPath, configuration.LowerCase, configuration.MaxTokens);
        InferenceSession session;
        using (var sessionOptions = CreateSessionOptions(options))
        {
            try
            {
                session = new InferenceSession(files.ModelPath, sessionOptions);
            }
            catch (OnnxRuntimeException e)
            {
                throw new InvalidDataException($"'{files.ModelPath}' is not a loadable ONNX model: {e.Message}", e);
            }
        }

        try
        {
            var (names, inputs) = DescribeInputs(session, files.ModelPath);
            CheckOutput(session, files.ModelPath, configuration.Dimensions);
            return new OnnxTextEncoder(session, tokenizer, files, names, inputs, options.BatchSize);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public Task EncodeAsync(IReadOnlyList<string> texts, Memory<float> destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var dimensions = _configuration.Dimensions;
        if (destination.Length < (long)texts.Count * dimensions)
        {
            throw new ArgumentException(
                $"The destination holds {destination.Length} floats; {texts.Count} texts of {dimensions} dimensions need {(long)texts.Count * dimensions}.",
                nameof(destination));
        }

        for (var i = 0; i < texts.Count; i++)
        {
            if (texts[i] is null)
            {
                throw new ArgumentNullException(nameof(texts), $"Text {i} is null.");
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (texts.Count > 0)
        {
            // CPU-bound work runs on the caller's thread: wrapping it in Task.Run would only move it to another thread.
            EncodeCore(texts, destination.Span[..(texts.Count * dimensions)], cancellationToken);
        }

        return Task.CompletedTask;
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        this.GenerateEmbeddingsAsync(values, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(OnnxModelConfiguration))
        {
            return _configuration;
        }

        if (serviceType == typeof(EmbeddingGeneratorMetadata))
        {
            return _metadata;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _session.Dispose();
        }
    }

    public override string ToString() => Identity.ToString();

    private static SessionOptions CreateSessionOptions(OnnxEncoderOptions options)
    {
        var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            InterOpNumThreads = 1,
            IntraOpNumThreads = options.IntraOpThreads,
        };

        // By default ORT's workers spin between runs, stealing the cores Lucene and the ingestion pipeline need.
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        sessionOptions.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        return sessionOptions;
    }

    private static (string[] Names, ModelInput[] Inputs) DescribeInputs(InferenceSession session, string modelPath)
    {
        var names = new List<string>();
        var inputs = new List<ModelInput>();
        foreach (var name in session.InputNames)
        {
            inputs.Add(name switch
            {
                "input_ids" => ModelInput.InputIds,
                "attention_mask" => ModelInput.AttentionMask,
                "token_type_ids" => ModelInput.TokenTypeIds,
                _ => throw new InvalidDataException(
                    $"'{modelPath}' has input '{name}'; a BERT-style model takes input_ids, attention_mask and optionally token_type_ids."),
            });
            names.Add(name);
        }

        if (!inputs.Contains(ModelInput.InputIds) || !inputs.Contains(ModelInput.AttentionMask))
        {
            throw new InvalidDataException($"'{modelPath}' lacks input_ids or attention_mask: not a BERT-style sentence encoder.");
        }

        return ([.. names], [.. inputs]);
    }

    private static void CheckOutput(InferenceSession session, string modelPath, int dimensions)
    {
        if (!session.OutputMetadata.TryGetValue(OutputName, out var output))
        {
            throw new InvalidDataException(
                $"'{modelPath}' has no output '{OutputName}' (it has: {string.Join(", ", session.OutputNames)}).");
        }

        var shape = output.Dimensions;
        if (shape.Length != 3 || (shape[2] > 0 && shape[2] != dimensions))
        {
            throw new InvalidDataException(
                $"'{modelPath}' output '{OutputName}' has shape [{string.Join(", ", shape)}]; the configuration says {dimensions} dimensions.");
        }
    }
}
