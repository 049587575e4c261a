namespace DonorTrack.Core.Data;

/// <summary>
/// Lets this process's changes into the database one at a time. SQLite admits one writer anyway; a writer that finds the
/// lock taken sleeps in SQLite's backoff (1, 2, 5 … 100 ms) and often wakes long after the lock came free, so under a steady
/// stream of changes most of a change's time was spent asleep (p95 of an API gift 84 ms against 8 ms at p50). Waiting here
/// instead, the next change starts the moment the last one ends. Other processes (the CLI beside the server) still meet
/// SQLite's own wait.
/// </summary>
public sealed class WriterQueue(TimeSpan wait)
{
    private readonly SemaphoreSlim _turn = new(1, 1);

    /// <summary>Waits for this process's turn to write; past the wait it throws <see cref="DatabaseBusyException"/>.</summary>
    public WriterTurn Enter()
    {
        if (!_turn.Wait(wait))
            throw new DatabaseBusyException(wait, new TimeoutException("Another change in this process held the database for the whole wait."));
        return new WriterTurn(_turn);
    }
}

/// <summary>One writer's turn; ending it (once, however often it is called) lets the next writer in.</summary>
public sealed class WriterTurn(SemaphoreSlim turn)
{
    private int _ended;

    public void End()
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0)
            turn.Release();
    }
}
