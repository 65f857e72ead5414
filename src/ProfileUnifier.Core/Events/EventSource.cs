namespace ProfileUnifier.Core.Events;

/// <summary>The six systems events come from. The lower-case name is the wire value and the topic suffix.</summary>
public enum EventSource : byte
{
    Web = 0,
    App = 1,
    Email = 2,
    Call = 3,
    Social = 4,
    Crm = 5,
}
