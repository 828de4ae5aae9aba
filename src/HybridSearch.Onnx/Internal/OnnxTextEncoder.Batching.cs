using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace HybridSearch.Onnx.Internal;

internal sealed partial class OnnxTextEncoder
{
    // Below this many texts parallel tokenisation costs more in scheduling than it saves.
    private const int ParallelTokenizationThreshold = 64;

    private void EncodeCore(IReadOnlyList<string> texts, Span<float> destination, CancellationToken cancellationToken)
    {
        var count = texts.Count;
        var contents = new IReadOnlyList<int>[count];
        var lengths = ArrayPool<int>.Shared.Rent(count);
        var order = ArrayPool<int>.Shared.Rent(count);
        try
        {
            Tokenize(texts, contents, lengths, cancellationToken);

            // Longest first: each batch pads only to its own longest text, and the first batch sizes every buffer.
            var keys = ArrayPool<int>.Shared.Rent(count);
            for (var i = 0; i < count; i++)
            {
                keys[i] = -lengths[i];
                order[i] = i;
            }

            keys.AsSpan(0, count).Sort(order.AsSpan(0, count));
            ArrayPool<int>.Shared.Return(keys);

            var batchSize = Math.Min(_batchSize, count);
            var longest = lengths[order[0]];
            using var buffers = new BatchBuffers(batchSize * longest, _configuration.Dimensions);
            using var runOptions = new RunOptions();
            using var registration = cancellationToken.Register(static state => ((RunOptions)state!).Terminate = true, runOptions);
            for (var start = 0; start < count; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var batch = order.AsSpan(start, Math.Min(batchSize, count - start));
                RunBatch(batch, contents, lengths, buffers, runOptions, destination, cancellationToken);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(lengths);
            ArrayPool<int>.Shared.Return(order);
        }
    }

    private void Tokenize(IReadOnlyList<string> texts, IReadOnlyList<int>[] contents, int[] lengths, CancellationToken cancellationToken)
    {
        var budget = _tokenizer.ContentBudget;
        if (texts.Count < ParallelTokenizationThreshold || Environment.ProcessorCount == 1)
        {
            for (var i = 0; i < texts.Count; i++)
            {
                contents[i] = _tokenizer.EncodeContent(texts[i]);
                lengths[i] = Math.Min(contents[i].Count, budget) + 2;
            }

            return;
        }

        var parallelOptions = new ParallelOptions { CancellationToken = cancellationToken };
        Parallel.For(0, texts.Count, parallelOptions, i =>
        {
            contents[i] = _tokenizer.EncodeContent(texts[i]);
            lengths[i] = Math.Min(contents[i].Count, budget) + 2;
        });
    }

    private void RunBatch(
        ReadOnlySpan<int> batch, IReadOnlyList<int>[] contents, int[] lengths, BatchBuffers buffers, RunOptions runOptions,
        Span<float> destination, CancellationToken cancellationToken)
    {
        var rows = batch.Length;
        var width = lengths[batch[0]];
        var cells = rows * width;
        var ids = buffers.InputIds.AsSpan(0, cells);
        var mask = buffers.AttentionMask.AsSpan(0, cells);
        for (var r = 0; r < rows; r++)
        {
            var index = batch[r];
            FillRow(contents[index], lengths[index], ids.Slice(r * width, width), mask.Slice(r * width, width));
        }

        var dimensions = _configuration.Dimensions;
        long[] inputShape = [rows, width];
        var values = new OrtValue[_inputs.Length];
        try
        {
            for (var i = 0; i < _inputs.Length; i++)
            {
                // Zero-copy: ONNX Runtime reads the pooled arrays in place.
                var data = _inputs[i] switch
                {
                    ModelInput.InputIds => buffers.InputIds,
                    ModelInput.AttentionMask => buffers.AttentionMask,
                    _ => buffers.TokenTypeIds,
                };
                values[i] = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, data.AsMemory(0, cells), inputShape);
            }

            using var output = OrtValue.CreateTensorValueFromMemory(
                OrtMemoryInfo.DefaultInstance, buffers.Hidden.AsMemory(0, cells * dimensions), [rows, width, dimensions]);
            try
            {
                _session.Run(runOptions, _inputNames, values, _outputNames, [output]);
            }
            catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
        }
        finally
        {
            foreach (var value in values)
            {
                value?.Dispose();
            }
        }

        var hidden = buffers.Hidden.AsSpan(0, cells * dimensions);
        for (var r = 0; r < rows; r++)
        {
            var index = batch[r];
            Pool(hidden.Slice(r * width * dimensions, width * dimensions), lengths[index], destination.Slice(index * dimensions, dimensions));
        }
    }

    private void FillRow(IReadOnlyList<int> content, int length, Span<long> ids, Span<long> mask)
    {
        ids[0] = _tokenizer.ClassificationTokenId;
        var tokens = length - 2;
        if (content is List<int> list)
        {
            var source = CollectionsMarshal.AsSpan(list)[..tokens];
            for (var t = 0; t < source.Length; t++)
            {
                ids[t + 1] = source[t];
            }
        }
        else
        {
            for (var t = 0; t < tokens; t++)
            {
                ids[t + 1] = content[t];
            }
        }

        ids[length - 1] = _tokenizer.SeparatorTokenId;
        ids[length..].Fill(_tokenizer.PaddingTokenId);
        mask[..length].Fill(1);
        mask[length..].Clear();
    }

    private void Pool(ReadOnlySpan<float> hidden, int length, Span<float> vector)
    {
        var dimensions = vector.Length;
        hidden[..dimensions].CopyTo(vector);
        if (_configuration.Pooling == ModelPooling.Mean)
        {
            // The sum of the real tokens' vectors: dividing by their count would be undone by the normalisation below.
            for (var t = 1; t < length; t++)
            {
                TensorPrimitives.Add(vector, hidden.Slice(t * dimensions, dimensions), vector);
            }
        }

        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0f)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
    }
}
