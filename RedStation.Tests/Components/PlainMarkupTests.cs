using AngleSharp.Dom;
using Bunit;
using MudBlazor;
using MudBlazor.Services;
using RedStation.Dashboard.Components;

namespace RedStation.Tests.Components;

/// <summary>
/// Each hand-written piece of MudBlazor markup (Components/PlainMarkup) beside the real MudBlazor component it imitates,
/// rendered by the MudBlazor version the app runs: a class renamed by an upgrade fails here instead of on a wall screen.
/// No database: only MudBlazor's own services.
/// </summary>
public sealed class PlainMarkupTests : BunitContext, IAsyncLifetime
{
    public PlainMarkupTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(options => options.PopoverOptions.CheckForPopoverProvider = false);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>MudBlazor's services are disposed asynchronously only.</summary>
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    [Theory]
    [InlineData(Color.Inherit, Size.Medium)]
    [InlineData(Color.Default, Size.Medium)]
    [InlineData(Color.Success, Size.Small)]
    [InlineData(Color.Error, Size.Large)]
    public void Icon_HasTheClassesOfMudIcon(Color color, Size size)
    {
        var real = Render<MudIcon>(p => p.Add(i => i.Icon, Icons.Material.Filled.Menu).Add(i => i.Color, color).Add(i => i.Size, size));

        AssertSameClasses(real.Find("svg"), PlainIcon(Icons.Material.Filled.Menu, color, size));
    }

    [Fact]
    public void IconButton_HasTheClassesOfAnInheritMudIconButton_AtTheStartEdgeToo()
    {
        var real = Render<MudIconButton>(p => p.Add(b => b.Icon, Icons.Material.Filled.Menu).Add(b => b.Color, Color.Inherit));
        var edge = Render<MudIconButton>(p => p.Add(b => b.Icon, Icons.Material.Filled.Menu).Add(b => b.Color, Color.Inherit).Add(b => b.Edge, Edge.Start));

        AssertSameClasses(real.Find("button"), PlainIconButton.Inherit);
        AssertSameClasses(edge.Find("button"), $"{PlainIconButton.Inherit} {PlainIconButton.EdgeStart}");
        AssertSameClasses(real.Find("button > span"), PlainIconButton.Label);
        AssertSameClasses(real.Find("button > span > svg"), PlainIcon(Icons.Material.Filled.Menu));
    }

    [Fact]
    public void Button_HasTheClassesOfATextInheritMudButtonWithAStartIcon_AndOfAFilledPrimaryOne()
    {
        var text = Render<MudButton>(p => p
            .Add(b => b.Variant, Variant.Text).Add(b => b.Color, Color.Inherit).Add(b => b.StartIcon, Icons.Material.Filled.Translate)
            .AddChildContent("English"));
        var filled = Render<MudButton>(p => p.Add(b => b.Variant, Variant.Filled).Add(b => b.Color, Color.Primary).AddChildContent("Set up"));

        AssertSameClasses(text.Find("button"), PlainButton.TextInherit);
        AssertSameClasses(text.Find("button > span"), PlainButton.Label);
        AssertSameClasses(text.Find("button > span > span"), PlainButton.StartIcon);
        AssertSameClasses(filled.Find("button"), PlainButton.FilledPrimary);
        AssertSameClasses(filled.Find("button > span"), PlainButton.Label);
    }

    [Theory]
    [InlineData(Color.Success)]
    [InlineData(Color.Warning)]
    [InlineData(Color.Error)]
    public void Chip_HasTheClassesOfASmallTextMudChip(Color color)
    {
        var real = Render<MudChip<string>>(p => p
            .Add(c => c.Size, Size.Small).Add(c => c.Variant, Variant.Text).Add(c => c.Color, color)
            .Add(c => c.Icon, Icons.Material.Filled.SyncProblem).Add(c => c.Text, "Live"));

        AssertSameClasses(real.Find("div"), PlainChip.Container);
        AssertSameClasses(real.Find($"div.{PlainChip.Container} > div"), PlainChip.SmallText(color));
        AssertSameClasses(real.Find(".mud-chip svg"), PlainIcon(Icons.Material.Filled.SyncProblem, size: Size.Small, cssClass: PlainChip.Icon));
        AssertSameClasses(real.Find(".mud-chip > span"), PlainChip.Content);
    }

    [Fact]
    public void Paper_HasTheClassesOfAnOutlinedMudPaper()
    {
        var real = Render<MudPaper>(p => p.Add(x => x.Outlined, true));

        AssertSameClasses(real.Find("div"), PlainPaper.Outlined);
    }

    [Theory]
    [InlineData(Color.Primary)]
    [InlineData(Color.Error)]
    public void Avatar_HasTheClassesOfASmallOutlinedMudAvatar(Color color)
    {
        var real = Render<MudAvatar>(p => p.Add(a => a.Size, Size.Small).Add(a => a.Variant, Variant.Outlined).Add(a => a.Color, color));

        AssertSameClasses(real.Find("div"), PlainAvatar.SmallOutlined(color));
    }

    [Fact]
    public void Badge_HasTheClassesOfABorderedOverlappingErrorMudBadge()
    {
        var real = Render<MudBadge>(p => p
            .Add(b => b.Content, 3).Add(b => b.Color, Color.Error).Add(b => b.Overlap, true).Add(b => b.Bordered, true)
            .AddChildContent("<a>alerts</a>"));

        AssertSameClasses(real.Find("span"), PlainBadge.Root);
        AssertSameClasses(real.Find($".{PlainBadge.Root} > span:last-child"), PlainBadge.Wrapper);
        AssertSameClasses(real.Find($".{PlainBadge.Root} > span:last-child > span"), PlainBadge.BorderedOverlapError);
    }

    /// <summary>
    /// The picker is a native select in MudSelect's outlined frame: the frame's classes are MudSelect's, less those of what
    /// it leaves out (the adornment with its arrow, the text input); each class it writes must be one MudSelect renders.
    /// </summary>
    [Fact]
    public void Select_HasTheClassesOfAnOutlinedDenseMudSelectsFrame()
    {
        var real = Render<MudSelect<string>>(p => p
            .Add(s => s.Variant, Variant.Outlined).Add(s => s.Margin, Margin.Dense).Add(s => s.Label, "District")
            .Add(s => s.Value, "all").Add(s => s.FullWidth, true));

        AssertClassesAmong(real.Find(".mud-input-control"), PlainSelect.Control);
        AssertSameClasses(real.Find(".mud-input-control > div"), PlainSelect.InputContainer);
        AssertClassesAmong(real.Find(".mud-input-control-input-container > div.mud-input"), PlainSelect.Input);
        AssertSameClasses(real.Find(".mud-input > fieldset"), PlainSelect.Border);
        AssertSameClasses(real.Find(".mud-input-control-input-container > label"), PlainSelect.Label);
    }

    [Fact]
    public void Nav_HasTheClassesOfMudNavMenuAndItsLinks()
    {
        var real = Render<MudNavMenu>(p => p.AddChildContent<MudNavLink>(l => l
            .Add(x => x.Href, "alerts").Add(x => x.Icon, Icons.Material.Filled.Notifications).AddChildContent("Alerts")));

        AssertSameClasses(real.Find("nav"), PlainNav.Menu);
        AssertSameClasses(real.Find("nav > div"), PlainNav.Item);
        AssertSameClasses(real.Find("nav > div > a"), PlainNav.Link);
        AssertSameClasses(real.Find("a > svg"), PlainIcon(Icons.Material.Filled.Notifications, Color.Default, cssClass: PlainNav.Icon));
        AssertSameClasses(real.Find("a > div"), PlainNav.Text);
    }

    [Fact]
    public void Nav_TheLinkOfThePageShown_IsMarkedActiveAsMudNavLinkIs()
    {
        var real = Render<MudNavMenu>(p => p.AddChildContent<MudNavLink>(l => l
            .Add(x => x.Href, string.Empty).Add(x => x.Match, Microsoft.AspNetCore.Components.Routing.NavLinkMatch.All)
            .Add(x => x.Icon, Icons.Material.Filled.Dashboard).AddChildContent("Overview")));

        AssertSameClasses(real.Find("a"), PlainNav.LinkActive);
    }

    [Fact]
    public void Nav_ADisabledLink_HasTheClassesOfADisabledMudNavLink()
    {
        var real = Render<MudNavMenu>(p => p.AddChildContent<MudNavLink>(l => l
            .Add(x => x.Href, "later").Add(x => x.Disabled, true).Add(x => x.Icon, Icons.Material.Filled.Schedule).AddChildContent("Later")));

        AssertSameClasses(real.Find("nav > div"), PlainNav.Item);
        AssertSameClasses(real.Find("nav > div > *"), PlainNav.LinkDisabled);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Nav_AGroup_HasTheClassesOfMudNavGroup_OpenAndFolded(bool expanded)
    {
        var real = Render<MudNavGroup>(p => p
            .Add(g => g.Title, "Admin").Add(g => g.Icon, Icons.Material.Filled.Settings).Add(g => g.Expanded, expanded)
            .AddChildContent<MudNavLink>(l => l.Add(x => x.Href, "admin/people").AddChildContent("People")));

        AssertSameClasses(real.Find("nav"), PlainNav.Group);
        AssertSameClasses(real.Find("nav > button"), expanded ? $"{PlainNav.GroupButton} {PlainNav.Expanded}" : PlainNav.GroupButton);
        AssertSameClasses(real.Find("nav > button > svg:first-child"), PlainIcon(Icons.Material.Filled.Settings, Color.Default, cssClass: PlainNav.Icon));
        AssertSameClasses(real.Find("nav > button > div"), PlainNav.Text);
        AssertSameClasses(real.Find("nav > button > svg:last-child"),
            PlainIcon(Icons.Material.Filled.ArrowDropDown, cssClass: expanded ? PlainNav.ExpandIconOpen : PlainNav.ExpandIcon));
        if (expanded)
        {
            AssertSameClasses(real.Find("nav > div"), $"{PlainNav.Collapse} {PlainNav.CollapseEntered}");
            AssertSameClasses(real.Find("nav > div > div"), PlainNav.CollapseWrapper);
            AssertSameClasses(real.Find("nav > div > div > div"), PlainNav.CollapseWrapperInner);
            AssertSameClasses(real.Find("nav > div > div > div > nav"), PlainNav.Menu);
        }
    }

    [Theory]
    [InlineData(Typo.h6, PlainText.H6)]
    [InlineData(Typo.body2, PlainText.Body2)]
    [InlineData(Typo.caption, PlainText.Caption)]
    public void Text_HasTheClassesOfMudText(Typo typo, string ours)
    {
        var real = Render<MudText>(p => p.Add(t => t.Typo, typo).AddChildContent("RedStation"));

        AssertSameClasses(real.Find("*"), ours);
    }

    /// <summary>The classes of the SVG that <see cref="PlainMarkup.Icon"/> writes.</summary>
    private string PlainIcon(string icon, Color color = Color.Inherit, Size size = Size.Medium, string? cssClass = null)
    {
        var markup = PlainMarkup.Icon(icon, color, size, cssClass);
        return Render(builder => builder.AddMarkupContent(0, markup.Value)).Find("svg").GetAttribute("class")!;
    }

    private static void AssertSameClasses(IElement real, string ours) =>
        Assert.Equal(Sorted(real.ClassList), Sorted(ours.Split(' ', StringSplitOptions.RemoveEmptyEntries)));

    /// <summary>Every class of <paramref name="ours"/> is one the real element has.</summary>
    private static void AssertClassesAmong(IElement real, string ours) =>
        Assert.All(ours.Split(' ', StringSplitOptions.RemoveEmptyEntries), c => Assert.Contains(c, real.ClassList));

    private static List<string> Sorted(IEnumerable<string> classes) => [.. classes.Order(StringComparer.Ordinal)];
}
