namespace RedStation.Screenshots;

/// <summary>
/// Marks a public method of a class in <c>Screens/</c> that writes documentation screenshots: the command runs it when
/// its name (<c>Class.Method</c>) contains one of the names given, or always when none is given.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ShotAttribute : Attribute;
