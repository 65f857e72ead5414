namespace ProfileUnifier.Core.Validation;

/// <summary>Carries a rejection out of the nested readers of <see cref="EventParser"/>; never leaves it.</summary>
internal sealed class RejectedException(Rejection rejection) : Exception(rejection.Reason)
{
    public Rejection Rejection { get; } = rejection;

    public static RejectedException Of(RejectionCode code, string field, string message) =>
        new(new Rejection(code, field, message));
}
