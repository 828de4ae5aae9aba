using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace HybridSearch.Embedded.Internal.Storage;

/// <summary>
/// The exclusive, inter-process write lock over a whole index directory (Lucene's own <c>write.lock</c> guards only its
/// folder). An OS lock on <see cref="FileName"/>: <c>flock(LOCK_EX)</c> on Unix, a share-mode-none handle on Windows. The
/// kernel drops it when the holding process dies, however it dies, so a lock file left by a killed writer is not a lock:
/// the next writer simply takes it. The file itself is never deleted: a writer unlinking it while another process has it
/// open would let two writers lock two different files of the same name.
/// </summary>
internal sealed partial class WriterLock : IDisposable
{
    public const string FileName = "writer.lock";

    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;

    private readonly SafeFileHandle _handle;

    private WriterLock(SafeFileHandle handle) => _handle = handle;

    /// <summary>Takes the lock of <paramref name="directory"/> (which must exist) or throws at once, touching nothing else.</summary>
    /// <exception cref="IndexLockedException">Another writer holds it.</exception>
    public static WriterLock Acquire(string directory)
    {
        var path = Path.Combine(directory, FileName);
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (IsHeldElsewhere(e))
        {
            throw Locked(directory, e);
        }

        // .NET takes the same flock for FileShare.None unless DOTNET_SYSTEM_IO_DISABLEFILELOCKING turns that off; taking
        // it here as well keeps the guarantee whatever the process's settings. Converting a held lock to itself is a no-op.
        if (!OperatingSystem.IsWindows() && Flock((int)handle.DangerousGetHandle(), LockExclusive | LockNonBlocking) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            handle.Dispose();
            throw Locked(directory, new IOException($"flock on '{path}' failed (errno {errno}).", errno));
        }

        var held = new WriterLock(handle);
        try
        {
            WriterLockHolder.Current().Write(directory);
        }
        catch
        {
            held.Dispose();
            throw;
        }

        return held;
    }

    /// <summary>Releases the lock (closing the handle is what releases it).</summary>
    public void Dispose() => _handle.Dispose();

    // EWOULDBLOCK from flock (11 on Linux, 35 on macOS; .NET puts errno in HResult), or Windows' sharing and lock
    // violations: any other failure (a read-only file system, permissions) is reported as itself, not as a lock.
    private static bool IsHeldElsewhere(IOException e) =>
        e.HResult is 11 or 35 || (OperatingSystem.IsWindows() && (e.HResult & 0xFFFF) is 32 or 33);

    private static IndexLockedException Locked(string directory, IOException cause)
    {
        var holder = WriterLockHolder.TryRead(directory);
        return new IndexLockedException(directory, holder?.ProcessId, holder?.Host, holder?.Since, cause);
    }

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int descriptor, int operation);
}
