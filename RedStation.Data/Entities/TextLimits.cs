namespace RedStation.Data.Entities;

/// <summary>Maximum text lengths, shared by the schema and the domain services' validation.</summary>
public static class TextLimits
{
    public const int Code = 16;
    public const int Name = 64;
    public const int PersonName = 32;
    public const int Phone = 20;
    public const int MemberNumber = 20;
    public const int Title = 100;
    public const int Note = 500;
    public const int Summary = 1000;
    public const int Skills = 200;
}
