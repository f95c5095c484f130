namespace ComplaintBot.Dialogs.State;

/// <summary>
/// What a turn scope runs once its transaction has committed (e.g. wake subscribers that re-read the store); a rolled
/// back turn never runs them. Shared by the SQLite and PostgreSQL turn scopes.
/// </summary>
public sealed class AfterCommitActions
{
    private readonly List<Func<Task>> _actions = new();

    public void Add(Func<Task> action)
    {
        lock (_actions) _actions.Add(action);
    }

    /// <summary>Runs each once, in the order added; one that fails does not stop the others.</summary>
    public async Task RunAsync()
    {
        Func<Task>[] actions;
        lock (_actions) { actions = _actions.ToArray(); _actions.Clear(); }
        foreach (var action in actions)
        {
            try { await action(); }
            catch { /* a notification is best effort: receivers also re-read on their own */ }
        }
    }
}
