namespace HybridSearch.Worker;

/// <summary>
/// Makes every write the index has acknowledged durable (the embedded index's commit). The pipeline calls it before each
/// checkpoint, so a checkpoint never claims a document a crash could still lose. Backends whose writes are durable when
/// acknowledged (Elasticsearch, with its translog) need none.
/// </summary>
public delegate Task IndexCommitHandler(CancellationToken cancellationToken);
