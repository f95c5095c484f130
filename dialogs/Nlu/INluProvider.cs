namespace ComplaintBot.Dialogs.Nlu;

/// <summary>
/// The seam for understanding one customer message, chosen by <c>Nlu:Provider</c>: <c>rules</c>
/// (<see cref="RulesNluProvider"/>, the default, deterministic) or <c>llm</c> (a language model through Semantic Kernel,
/// which falls back to the rules for any turn it cannot answer). Both fill the same <see cref="Understanding"/>; an
/// implementation never throws because of its model: a turn must not fail on understanding.
/// </summary>
public interface INluProvider
{
    string Name { get; }
    ValueTask<Understanding> UnderstandAsync(NluRequest request, CancellationToken ct = default);
}
