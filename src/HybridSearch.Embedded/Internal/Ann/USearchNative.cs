using System.Runtime.InteropServices;

namespace HybridSearch.Embedded.Internal.Ann;

/// <summary>
/// The part of USearch's C API (<c>usearch.h</c>) the approximate index uses, bound directly to the native library that
/// the Cloud.Unum.USearch package ships: the managed wrapper of 2.26.6 has no filtered search and copies every vector
/// into a new array, while the C API takes pointers and a filter callback.
/// </summary>
internal static unsafe partial class USearchNative
{
    public const int MetricInnerProduct = 2;
    public const int ScalarFloat32 = 1;
    private const string Library = "libusearch_c";

    [LibraryImport(Library)]
    public static partial nint usearch_init(InitOptions* options, byte** error);

    [LibraryImport(Library)]
    public static partial void usearch_free(nint index, byte** error);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void usearch_save(nint index, string path, byte** error);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void usearch_load(nint index, string path, byte** error);

    [LibraryImport(Library)]
    public static partial nuint usearch_size(nint index, byte** error);

    [LibraryImport(Library)]
    public static partial nuint usearch_capacity(nint index, byte** error);

    [LibraryImport(Library)]
    public static partial nuint usearch_memory_usage(nint index, byte** error);

    [LibraryImport(Library)]
    public static partial nuint usearch_dimensions(nint index, byte** error);

    [LibraryImport(Library)]
    public static partial void usearch_reserve(nint index, nuint capacity, byte** error);

    [LibraryImport(Library)]
    public static partial void usearch_change_threads_add(nint index, nuint threads, byte** error);

    [LibraryImport(Library)]
    public static partial void usearch_change_threads_search(nint index, nuint threads, byte** error);

    [LibraryImport(Library)]
    public static partial void usearch_change_expansion_search(nint index, nuint expansion, byte** error);

    [LibraryImport(Library)]
    public static partial void usearch_add(nint index, ulong key, float* vector, int vectorKind, byte** error);

    [LibraryImport(Library)]
    public static partial nuint usearch_remove(nint index, ulong key, byte** error);

    [LibraryImport(Library)]
    public static partial nuint usearch_filtered_search(
        nint index,
        float* query,
        int queryKind,
        nuint count,
        delegate* unmanaged[Cdecl]<ulong, void*, int> filter,
        void* filterState,
        ulong* keys,
        float* distances,
        byte** error);

    /// <summary>Throws when a call reported an error; USearch owns the message memory.</summary>
    public static void Check(byte* error, string operation)
    {
        if (error is not null)
        {
            throw new InvalidOperationException($"USearch {operation} failed: {Marshal.PtrToStringUTF8((nint)error)}");
        }
    }

    /// <summary><c>usearch_init_options_t</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct InitOptions
    {
        public int MetricKind;
        public nint Metric;
        public int Quantization;
        public nuint Dimensions;
        public nuint Connectivity;
        public nuint ExpansionAdd;
        public nuint ExpansionSearch;
        public byte Multi;
    }
}
