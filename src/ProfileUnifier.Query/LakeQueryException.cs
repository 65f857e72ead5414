namespace ProfileUnifier.Query;

/// <summary>A query the lake cannot answer (bad SQL, a table not there yet), with a message for the user.</summary>
public sealed class LakeQueryException(string message, Exception? inner = null) : Exception(message, inner);
