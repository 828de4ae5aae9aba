namespace HybridSearch.Ingestion.Sources;

/// <summary>How a folder of text files is read.</summary>
/// <param name="Watch">Keep running and pick up new or changed files (FileSystemWatcher, with polling as a fallback).</param>
/// <param name="PollInterval">How often the folder is rescanned while watching, whatever the watcher reports.</param>
/// <param name="SettleTime">A file modified more recently than this is left for a later scan, as it may still be written.</param>
/// <param name="MaxFileBytes">Files larger than this are reported as bad records without being read.</param>
internal sealed record FolderSourceOptions(bool Watch, TimeSpan PollInterval, TimeSpan SettleTime, long MaxFileBytes);
