using System.Threading.Channels;

namespace DonorTrack.Web.Hosting;

/// <summary>
/// The wake-ups of a background worker that runs on request. One pending wake-up is enough, since a run handles everything
/// waiting at its start; callers (and tests, instead of sleeping) can wait until every run requested before them has finished.
/// </summary>
public sealed class RequestedRuns
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _progress = new();
    private readonly List<(long Request, TaskCompletionSource Done)> _waiters = [];
    private long _requested = 1; // the start-up run
    private long _completed;

    /// <summary>Asks for a run; call after the transaction that left work for the worker has committed.</summary>
    public void Request()
    {
        Interlocked.Increment(ref _requested);
        _wake.Writer.TryWrite(true);
    }

    /// <summary>Completes once every run requested before this call has finished.</summary>
    public Task WhenCaughtUpAsync()
    {
        var target = Interlocked.Read(ref _requested);
        lock (_progress)
        {
            if (_completed >= target)
                return Task.CompletedTask;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((target, done));
            return done.Task;
        }
    }

    /// <summary>Marks the start of a run; pass what it returns to <see cref="Finished"/>.</summary>
    public long Starting() => Interlocked.Read(ref _requested);

    public void Finished(long started)
    {
        lock (_progress)
        {
            _completed = Math.Max(_completed, started);
            foreach (var waiter in _waiters.Where(w => w.Request <= _completed).ToList())
            {
                waiter.Done.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    /// <summary>Waits for the next request; throws OperationCanceledException when <paramref name="cancellationToken"/> fires.</summary>
    public ValueTask<bool> NextAsync(CancellationToken cancellationToken) => _wake.Reader.ReadAsync(cancellationToken);
}
