using System.Diagnostics;

namespace HybridSearch.Embedded.Tests.Support;

/// <summary>This test assembly started as a program (see <see cref="CrashWriter.Main"/>), read line by line.</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;

    public ChildProcess(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(typeof(CrashWriter).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the child process.");
    }

    public int Id => _process.Id;

    /// <summary>The next line of standard output; fails when the child ends first or takes longer than a minute.</summary>
    public async Task<string> ReadLineAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await _process.StandardOutput.ReadLineAsync(timeout.Token)
               ?? throw new InvalidOperationException($"The child stopped: {await _process.StandardError.ReadToEndAsync(timeout.Token)}");
    }

    /// <summary>SIGKILL, as kill -9: no shutdown code runs.</summary>
    public async Task KillHardAsync()
    {
        _process.Kill(entireProcessTree: true);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
