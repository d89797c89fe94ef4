using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RedStation.Data.Alerts;
using RedStation.Data.Entities;

namespace RedStation.Data.Configurations;

internal sealed class AlertRuleSettingConfiguration : IEntityTypeConfiguration<AlertRuleSetting>
{
    public void Configure(EntityTypeBuilder<AlertRuleSetting> builder)
    {
        builder.HasKey(s => s.Rule);
        builder.HasData(AlertRuleDefaults.All);
    }
}
