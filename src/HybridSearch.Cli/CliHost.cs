using System.CommandLine;

namespace HybridSearch.Cli;

/// <summary>
/// Runs the command line with the contract of DESIGN.md: exit code 0 on success, non-zero with one clear line on stderr
/// otherwise. Ctrl+C cancels the command's token.
/// </summary>
internal static class CliHost
{
    public static async Task<int> InvokeAsync(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("hybridsearch: cancelled").ConfigureAwait(false);
            return 130;
        }
        catch (CliException e)
        {
            await Console.Error.WriteLineAsync($"hybridsearch: {OneLine(e.Message)}").ConfigureAwait(false);
            return e.ExitCode;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or FormatException
                                      or ArgumentException or InvalidOperationException or NotSupportedException
                                      or System.Net.Http.HttpRequestException or Microsoft.Extensions.Options.OptionsValidationException
                                      or global::HybridSearch.Ingestion.IngestionException)
        {
            // Expected failures (bad paths, bad input, incompatible index, a server that refused) become one line, even when
            // a server's reason spans several; anything else keeps its stack.
            await Console.Error.WriteLineAsync($"hybridsearch: {OneLine(e.Message)}").ConfigureAwait(false);
            return 1;
        }
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
