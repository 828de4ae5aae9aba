using System.Buffers.Binary;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;

namespace HybridSearch.Onnx.Internal;

/// <summary>
/// Finds a packaged model's files. An app that references our model package (HybridSearch.Models.*, which
/// HybridSearch.Onnx depends on for <c>minilm</c>) has them in <c>models/&lt;name&gt;/</c> of its output folder, used
/// in place once verified. Otherwise (apps built inside this repository) it gets them into the cache folder: reads the manifest resources straight out of the package DLL
/// (its code is never loaded), writes each to a temporary file and renames it into place, so a reader never sees a
/// partial file and concurrent extractions are harmless. A cached file is reused only if its size and SHA-256 match.
/// Nothing is ever downloaded.
/// </summary>
internal static class PackagedModelStore
{
    public static ModelFiles Resolve(PackagedModel model, string? cacheDirectory)
    {
        if (FindShipped(model) is { } shipped)
        {
            return shipped;
        }

        var folder = Path.Combine(CacheRoot(cacheDirectory), model.Name, PackagedModel.Version);
        var modelPath = Ensure(model, model.Model, folder);
        var vocabularyPath = Ensure(model, model.Vocabulary, folder);
        return new ModelFiles(modelPath, vocabularyPath, model.Configuration, model.Model.Sha256);
    }

    public static string CacheRoot(string? cacheDirectory)
    {
        if (!string.IsNullOrWhiteSpace(cacheDirectory))
        {
            return Path.GetFullPath(cacheDirectory);
        }

        var configured = Environment.GetEnvironmentVariable(OnnxEncoderOptions.CacheDirectoryVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrWhiteSpace(xdg))
        {
            return Path.Combine(xdg, "hybridsearch", "models");
        }

        return OperatingSystem.IsWindows()
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "hybridsearch", "models")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "hybridsearch", "models");
    }

    /// <summary>True when <paramref name="path"/> holds exactly the expected bytes.</summary>
    public static bool IsIntact(string path, PackagedFile file)
    {
        var info = new FileInfo(path);
        return info.Exists && info.Length == file.Length && string.Equals(FileHashing.Sha256(path), file.Sha256, StringComparison.Ordinal);
    }

    private static ModelFiles? FindShipped(PackagedModel model)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "models", model.Name);
        var modelPath = Path.Combine(folder, model.Model.FileName);
        var vocabularyPath = Path.Combine(folder, model.Vocabulary.FileName);
        if (!File.Exists(modelPath) && !File.Exists(vocabularyPath))
        {
            return null;
        }

        foreach (var (path, file) in new[] { (modelPath, model.Model), (vocabularyPath, model.Vocabulary) })
        {
            if (!IsIntact(path, file))
            {
                throw new InvalidDataException(
                    $"'{path}' is missing or is not the {file.FileName} of packaged model '{model.Name}' ({file.Length} bytes, SHA-256 " +
                    $"{file.Sha256}): rebuild the app that references {model.ModelPackageId}.");
            }
        }

        return new ModelFiles(modelPath, vocabularyPath, model.Configuration, model.Model.Sha256);
    }

    private static string Ensure(PackagedModel model, PackagedFile file, string folder)
    {
        var path = Path.Combine(folder, file.FileName);
        if (IsIntact(path, file))
        {
            return path;
        }

        Directory.CreateDirectory(folder);
        var assemblyPath = FindAssembly(model);
        var temporary = Path.Combine(folder, $".{file.FileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            ExtractResource(assemblyPath, file, temporary);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        return path;
    }

    private static void ExtractResource(string assemblyPath, PackagedFile file, string destination)
    {
        using var source = new FileStream(assemblyPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        long offset;
        using (var pe = new PEReader(source, PEStreamOptions.LeaveOpen))
        {
            offset = FindResourceOffset(pe, assemblyPath, file);
        }

        Span<byte> prefix = stackalloc byte[4];
        source.Position = offset;
        source.ReadExactly(prefix);
        var length = BinaryPrimitives.ReadUInt32LittleEndian(prefix);
        if (length != file.Length)
        {
            throw new InvalidDataException(
                $"Resource *{file.ResourceSuffix} in '{assemblyPath}' holds {length} bytes, expected {file.Length}: wrong package version?");
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var target = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
        {
            var buffer = new byte[1 << 16];
            var remaining = (long)length;
            while (remaining > 0)
            {
                var read = source.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
                if (read == 0)
                {
                    throw new InvalidDataException($"'{assemblyPath}' ends inside resource *{file.ResourceSuffix}.");
                }

                hash.AppendData(buffer, 0, read);
                target.Write(buffer, 0, read);
                remaining -= read;
            }

            target.Flush(flushToDisk: true);
        }

        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (!string.Equals(actual, file.Sha256, StringComparison.Ordinal))
        {
            throw new InvalidDataException(
                $"Resource *{file.ResourceSuffix} in '{assemblyPath}' has SHA-256 {actual}, expected {file.Sha256}: wrong or damaged package.");
        }
    }

    private static long FindResourceOffset(PEReader pe, string assemblyPath, PackagedFile file)
    {
        if (!pe.HasMetadata || pe.PEHeaders.CorHeader is not { } corHeader
            || !pe.PEHeaders.TryGetDirectoryOffset(corHeader.ResourcesDirectory, out var resourcesOffset))
        {
            throw new InvalidDataException($"'{assemblyPath}' is not a .NET assembly with embedded resources.");
        }

        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (resource.Implementation.IsNil && metadata.GetString(resource.Name).EndsWith(file.ResourceSuffix, StringComparison.Ordinal))
            {
                return resourcesOffset + resource.Offset;
            }
        }

        throw new InvalidDataException($"'{assemblyPath}' has no manifest resource ending in '{file.ResourceSuffix}'.");
    }

    private static string FindAssembly(PackagedModel model)
    {
        var candidates = new List<string>
        {
            // Where PackagedModels.targets copies it: the output folder of every app referencing HybridSearch.Onnx.
            Path.Combine(AppContext.BaseDirectory, "models", model.AssemblyFileName),
        };
        var nugetRoot = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrWhiteSpace(nugetRoot))
        {
            nugetRoot = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        }

        candidates.Add(Path.Combine(
            nugetRoot, model.PackageId.ToLowerInvariant(), PackagedModel.Version, "lib", "netstandard2.1", model.AssemblyFileName));
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"Packaged model '{model.Name}' needs {model.AssemblyFileName} from NuGet package {model.PackageId} {PackagedModel.Version}; " +
            $"looked in: {string.Join(", ", candidates)}. Reference NuGet package {model.ModelPackageId} (it copies models/{model.Name}/ " +
            "into the app's output folder), or build the app inside the HybridSearch repository.",
            candidates[0]);
    }
}
