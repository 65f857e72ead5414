namespace ProfileUnifier.Core.Validation;

/// <summary>
/// Why one input line is not an event. <see cref="Field"/> is the JSON path of the offending value
/// (empty when the whole line is at fault), <see cref="Message"/> says what was wrong with it.
/// </summary>
public sealed record Rejection(RejectionCode Code, string Field, string Message)
{
    public string Reason => Field.Length == 0 ? Message : $"{Field}: {Message}";

    public override string ToString() => $"{Code.SnakeName()}: {Reason}";
}
