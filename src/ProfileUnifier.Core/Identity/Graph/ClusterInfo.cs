namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>One profile or account: its stable id, the identifier it is anchored on, its members.</summary>
internal sealed record ClusterInfo(string Id, int Anchor, int[] Members);
