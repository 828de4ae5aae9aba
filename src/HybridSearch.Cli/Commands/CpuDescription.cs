using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace HybridSearch.Cli.Commands;

/// <summary>
/// The processor a speed figure was measured on: its model name and the SIMD features the kernels can use, since figures
/// from machines with other vector widths do not compare.
/// </summary>
internal static class CpuDescription
{
    public static string Current { get; } = Describe();

    private static string Describe()
    {
        var model = "unknown processor";
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))
                    ?.Split(':', 2)[1].Trim() ?? model;
            }
        }
        catch (IOException)
        {
            // Without /proc the features below still say what the kernels ran on.
        }

        var features = new List<string>();
        if (Avx2.IsSupported)
        {
            features.Add("avx2");
        }

        if (Fma.IsSupported)
        {
            features.Add("fma");
        }

        if (Avx512F.IsSupported)
        {
            features.Add("avx512f");
        }

        if (Avx512BW.IsSupported)
        {
            features.Add("avx512bw");
        }

        if (AvxVnni.IsSupported)
        {
            features.Add("avx-vnni");
        }

        if (AdvSimd.IsSupported)
        {
            features.Add("neon");
        }

        var width = Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : Vector128.IsHardwareAccelerated ? 128 : 0;
        return $"{model}; {Environment.ProcessorCount} cores; {string.Join(' ', features)}; vector width {width}";
    }
}
