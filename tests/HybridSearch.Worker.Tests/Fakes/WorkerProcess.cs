using System.Diagnostics;
using System.Text;

namespace HybridSearch.Worker.Tests.Fakes;

/// <summary>
/// A worker process started with command-line settings: the real worker (built beside the tests) or the crash-test host
/// (the worker's host with the hash encoder, built beside its own project).
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private const string CrashHostName = "HybridSearch.Testing.CrashHost";

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private WorkerProcess(string assembly, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(assembly);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The real worker, <c>HybridSearch.Worker.dll</c>, which loads an ONNX model.</summary>
    public static WorkerProcess Worker(IEnumerable<string> args) =>
        new(Path.Combine(AppContext.BaseDirectory, "HybridSearch.Worker.dll"), args);

    /// <summary>The crash-test host; the project references it (without its assembly) so that it is built first.</summary>
    public static WorkerProcess CrashHost(IEnumerable<string> args) => new(CrashHostPath(), args);

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, as a container runtime or systemd sends on stop.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    // The tests run from tests/<project>/bin/<configuration>/<framework>/; the host is built to the same place in its project.
    private static string CrashHostPath()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = framework.Parent!;
        var tests = configuration.Parent!.Parent!.Parent!;
        var path = Path.Combine(tests.FullName, CrashHostName, "bin", configuration.Name, framework.Name, CrashHostName + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"The crash-test host is not built at {path}.", path);
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
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
