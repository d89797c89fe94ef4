using RedStation.Data.Entities;

namespace RedStation.Data.Seeding;

/// <summary>
/// The reference data the demo network is drawn from: Ningde's ten districts and counties, and
/// the names, units, teams and activities of the real programme (see shared/DOMAIN.md).
/// </summary>
internal static class DemoCatalog
{
    /// <summary>
    /// A district or county: its seat, its share of the 200 Red Stations, its communities (unique across the city) and
    /// the units that employ its volunteers and host its shared venues. The city's own units (宁德市…) sit in the
    /// city seat, 蕉城区 and 东侨; a county's are its own (福安市人民医院 is in 福安市, never in 古田县).
    /// </summary>
    public sealed record DistrictSeed(
        string Code, string Name, string NameEn, double Latitude, double Longitude, int StationShare, string[] Communities, string[] Units);

    /// <summary>The city's units and companies, seated in 蕉城区 and 东侨经济技术开发区.</summary>
    private static readonly string[] CityUnits =
    [
        "宁德市委组织部", "宁德市民政局", "宁德市教育局", "宁德市卫生健康委员会", "宁德市公安局", "宁德市交警支队",
        "宁德市司法局", "宁德市住房和城乡建设局", "宁德市文化和旅游局", "宁德市图书馆", "宁德市人民医院", "宁德市人民检察院",
        "宁德师范学院", "宁德职业技术学院", "国网宁德供电公司", "中国移动宁德分公司", "中国电信宁德分公司", "中国银行宁德分行",
        "宁德市税务局", "宁德市市场监督管理局", "宁德市自然资源局", "宁德市交通运输局", "宁德市消防救援支队", "宁德海关",
        "宁德时代新能源科技", "宁德市城建集团", "宁德市交投集团", "宁德市邮政分公司", "宁德市烟草专卖局",
        "宁德市水务集团", "宁德日报社", "宁德广播电视台", "宁德市农业农村局",
    ];

    /// <summary>The units every county-level district has, named after it ({0}: 福安市; {1}: 福安).</summary>
    private static readonly string[] LocalUnitPatterns =
    [
        "{0}人民医院", "{0}总工会", "{0}团委", "{0}妇联", "{0}人民法院", "{0}人民检察院", "{0}公安局", "{0}司法局",
        "{0}民政局", "{0}教育局", "{0}卫生健康局", "{0}市场监督管理局", "{0}住房和城乡建设局", "{0}图书馆", "{0}实验小学",
        "国网{1}供电公司", "中国移动{1}分公司", "{1}农商银行", "国家税务总局{0}税务局", "{1}交警大队",
    ];

    /// <summary>What kind of body a demo unit is, read from its name (a hospital, school or library is a public institution; the
    /// people's organisations — 总工会, 团委, 妇联 — count with the organs, as the programme lists them).</summary>
    public static UnitKind UnitKindOf(string name) => name switch
    {
        _ when name.Contains("医院", StringComparison.Ordinal) || name.Contains("学院", StringComparison.Ordinal)
            || name.Contains("小学", StringComparison.Ordinal) || name.Contains("图书馆", StringComparison.Ordinal)
            || name.Contains("中心", StringComparison.Ordinal) || name.Contains("报社", StringComparison.Ordinal)
            || name.Contains("电视台", StringComparison.Ordinal) => UnitKind.PublicInstitution,
        _ when name.Contains("公司", StringComparison.Ordinal) || name.Contains("分行", StringComparison.Ordinal)
            || name.Contains("银行", StringComparison.Ordinal) || name.Contains("集团", StringComparison.Ordinal)
            || name.Contains("科技", StringComparison.Ordinal) || name.Contains("基地", StringComparison.Ordinal) => UnitKind.Enterprise,
        _ => UnitKind.GovernmentOrgan,
    };

    private static string[] LocalUnits(string name, params string[] extra) =>
        [.. LocalUnitPatterns.Select(p => string.Format(System.Globalization.CultureInfo.InvariantCulture, p, name, name[..2])), .. extra];

    private static string[] Communities(params string[] places) => [.. places.Select(p => p + "社区")];

    /// <summary>Station shares add up to the 200 planned Red Stations.</summary>
    public static readonly DistrictSeed[] Districts =
    [
        new("JC", "蕉城区", "Jiaocheng District", 26.660, 119.527, 36,
            Communities("莲峰", "东湖", "万达", "南港", "北大", "东门", "后山", "鹤峰", "南漈", "岐后", "新岐", "塔山",
                "天湖", "城南", "金涵", "漳湾", "七都", "八都", "霍童", "赤溪", "洋中", "飞鸾", "蕉南", "蕉北"),
            LocalUnits("蕉城区", [.. CityUnits.Where((_, i) => i % 2 == 0), "上汽宁德基地"])),
        new("DQ", "东侨经济技术开发区", "Dongqiao Economic and Technological Development Zone", 26.672, 119.553, 16,
            Communities("兰亭", "新能源", "金马", "南岸", "兴贤", "金湖", "福海", "星湖", "滨海", "贵岐", "塔头", "湖心"),
            ["东侨开发区管委会", "东侨开发区党群工作部", "东侨开发区社会事业局", "东侨开发区建设与交通局", "东侨开发区综合执法局",
                "东侨开发区市场监督管理局", .. CityUnits.Where((_, i) => i % 2 == 1)]),
        new("FA", "福安市", "Fu'an City", 27.088, 119.648, 32,
            Communities("东凤", "阳头", "韩阳", "南门", "北门", "富春", "罗江", "赛岐", "穆阳", "溪尾", "湾坞", "甘棠",
                "下白石", "社口", "溪柄", "松罗", "坂中", "上白石", "晓阳", "潭头"),
            LocalUnits("福安市", "闽东医院", "福安经济开发区管委会")),
        new("FD", "福鼎市", "Fuding City", 27.324, 120.216, 28,
            Communities("龙山", "富民", "桐山", "桐城", "山前", "太姥山", "点头", "白琳", "硖门", "店下", "贯岭", "秦屿",
                "前岐", "磻溪", "管阳", "叠石", "佳阳", "沙埕"),
            LocalUnits("福鼎市", "福鼎白茶产业发展中心")),
        new("XP", "霞浦县", "Xiapu County", 26.885, 120.005, 24,
            Communities("东昇", "松城", "松港", "长春", "牙城", "三沙", "溪南", "沙江", "北壁", "下浒", "水门", "柏洋",
                "崇儒", "盐田", "海岛", "州洋"),
            LocalUnits("霞浦县")),
        new("GT", "古田县", "Gutian County", 26.577, 118.746, 20,
            Communities("六一四", "三保", "西园", "新城", "平湖", "大桥", "鹤塘", "杉洋", "吉巷", "凤埔", "水口", "黄田",
                "卓洋", "城西", "溪山", "翠屏"),
            LocalUnits("古田县", "古田县食用菌研发中心")),
        new("PN", "屏南县", "Pingnan County", 26.908, 118.986, 12,
            Communities("城东", "古峰", "双溪", "棠口", "代溪", "熙岭", "岭下", "路下", "黛溪", "屏城"),
            LocalUnits("屏南县")),
        new("ZN", "周宁县", "Zhouning County", 27.104, 119.339, 10,
            Communities("狮城", "咸村", "浦源", "纯池", "七步", "李墩", "泗桥", "礼门", "玛坑", "东洋"),
            LocalUnits("周宁县")),
        new("SN", "寿宁县", "Shouning County", 27.460, 119.506, 12,
            Communities("鳌阳", "南阳", "斜滩", "武曲", "犀溪", "清源", "凤阳", "托溪", "平溪", "竹管垅"),
            LocalUnits("寿宁县")),
        new("ZR", "柘荣县", "Zherong County", 27.234, 119.900, 10,
            Communities("双城", "富溪", "城郊", "乍洋", "东源", "黄柏", "宅中", "楮坪", "英山", "溪坪"),
            LocalUnits("柘荣县")),
    ];

    /// <summary>Party organisations the report names; other communities get a committee, general branch or branch.</summary>
    public static readonly Dictionary<string, string> NamedPartyOrganisations = new(StringComparer.Ordinal)
    {
        ["莲峰社区"] = "莲峰社区党支部",
        ["兰亭社区"] = "兰亭社区党总支",
        ["龙山社区"] = "龙山社区党总支",
    };

    /// <summary>An activity a story station holds beyond those of its kind: on a day, with a chance, at an hour.</summary>
    public sealed record StoryActivity(string Code, double Chance, double StartHour, double Hours);

    /// <summary>A place the programme's own story names (shared/DOMAIN.md), seeded as it is described.</summary>
    public sealed record StorySeed(
        string District, string Community, string Name, StationKind Kind, double FloorArea,
        StationFacilities Facilities, StationServices Services, StoryActivity[] Activities);

    /// <summary>The mediator of the studio at 万达华城, a district people's deputy, and where the studio is.</summary>
    public const string StudioMediator = "章芳孝";

    public const string StudioStation = "万达华城小区红色驿站";

    /// <summary>
    /// The report's places, each the first of its district's stations (ND-JC-001, …) and open. 逸涛 is the 3,200 m²
    /// reclaimed green space; 龙山's elderly-care station is about 500 m²; 万达华城 holds 章芳孝调解工作室, the busiest
    /// mediation place of the demo.
    /// </summary>
    public static readonly StorySeed[] Story =
    [
        new("JC", "莲峰社区", "中宏花苑小区红色驿站", StationKind.ResidentialCompound, 260,
            StationFacilities.LectureHall | StationFacilities.LiaisonRoom | StationFacilities.EmergencyDesk | StationFacilities.ReadingRoom,
            StationServices.Lectures | StationServices.CultureClasses | StationServices.NeighbourhoodCouncil | StationServices.Mediation,
            [new("parent-child-reading", 0.3, 10, 1.5), new("guqin", 0.2, 15, 1.5), new("traditional-culture", 0.2, 15, 1.5)]),
        new("JC", "万达社区", StudioStation, StationKind.ResidentialCompound, 420,
            StationFacilities.MediationStudio | StationFacilities.LiaisonRoom | StationFacilities.ReadingRoom | StationFacilities.EmergencyDesk,
            StationServices.Mediation | StationServices.LegalAid | StationServices.NeighbourhoodCouncil | StationServices.Lectures,
            [new("council", 0.15, 19.5, 1.5)]),
        new("JC", "东湖社区", "东湖社区议事亭", StationKind.ResidentialCompound, 90,
            StationFacilities.LiaisonRoom,
            StationServices.NeighbourhoodCouncil | StationServices.Mediation,
            [new("political-birthday", 0.1, 15, 1), new("council", 0.2, 19.5, 1.5)]),
        new("DQ", "兰亭社区", "逸涛小区红色驿站", StationKind.ResidentialCompound, 3200,
            StationFacilities.FitnessArea | StationFacilities.ReadingRoom | StationFacilities.LectureHall,
            StationServices.Fitness | StationServices.Lectures | StationServices.ReadingAndCalligraphy | StationServices.CultureClasses | StationServices.Mediation,
            [new("film-screening", 0.3, 19, 2), new("fitness-dance", 0.5, 19.5, 1), new("reading-calligraphy", 0.3, 15, 1.5)]),
        new("DQ", "新能源社区", "幸福佳园小区红色驿站", StationKind.ResidentialCompound, 300,
            StationFacilities.FitnessArea | StationFacilities.ChessRoom | StationFacilities.LiaisonRoom,
            StationServices.Fitness | StationServices.CultureClasses | StationServices.Mediation,
            [new("fitness-dance", 0.5, 19.5, 1), new("traditional-culture", 0.2, 15, 1.5)]),
        new("DQ", "金马社区", "上东曼哈顿小区红色驿站", StationKind.ResidentialCompound, 180,
            StationFacilities.LiaisonRoom | StationFacilities.ReadingRoom,
            StationServices.Lectures | StationServices.LegalAid | StationServices.Mediation | StationServices.NeighbourhoodCouncil,
            []),
        new("FA", "东凤社区", "东凤社区共享驿站", StationKind.ResidentialCompound, 150,
            StationFacilities.LectureHall | StationFacilities.ReadingRoom | StationFacilities.LiaisonRoom,
            StationServices.Lectures | StationServices.ReadingAndCalligraphy,
            [new("weekend-lecture", 0.3, 19, 1.5), new("reading-calligraphy", 0.3, 15, 1.5)]),
        new("FD", "龙山社区", "龙山社区居家养老红色驿站", StationKind.ElderlyCare, 500,
            StationFacilities.Canteen | StationFacilities.ChessRoom | StationFacilities.LiaisonRoom | StationFacilities.ReadingRoom,
            StationServices.HealthyLunch | StationServices.ElderlyCare | StationServices.ReadingAndCalligraphy | StationServices.Fitness,
            [new("reading-calligraphy", 0.5, 15, 1.5), new("fitness-dance", 0.5, 8.5, 1)]),
        new("FD", "富民社区", "富民社区交警岗亭驿站", StationKind.TrafficPolicePost, 30,
            StationFacilities.EmergencyDesk, StationServices.LegalAid, []),
        new("XP", "东昇社区", "景缘居小区红色驿站", StationKind.ResidentialCompound, 120,
            StationFacilities.ChessRoom | StationFacilities.ReadingRoom | StationFacilities.LiaisonRoom,
            StationServices.ReadingAndCalligraphy | StationServices.NeighbourhoodCouncil | StationServices.Mediation,
            [new("chess-tea", 0.6, 14.5, 2), new("reading-calligraphy", 0.2, 19, 1.5)]),
        new("PN", "城东社区", "城东社区善课堂", StationKind.ChildrenClassroom, 120,
            StationFacilities.ReadingRoom | StationFacilities.LectureHall, StationServices.Tutoring | StationServices.CultureClasses, []),
    ];

    public static readonly string[] PartyOrganisationSuffixes = ["社区党委", "社区党总支", "社区党支部"];

    /// <summary>How the 200 Red Stations split by kind (shared venues are seeded apart).</summary>
    public static readonly (StationKind Kind, int Weight)[] StationKinds =
    [
        (StationKind.ResidentialCompound, 46),
        (StationKind.ElderlyCare, 16),
        (StationKind.TrafficPolicePost, 10),
        (StationKind.ChildrenClassroom, 8),
        (StationKind.OfficeBuilding, 8),
        (StationKind.Market, 7),
        (StationKind.Park, 5),
    ];

    public static readonly string[] CompoundNames =
    [
        "福苑", "锦绣", "阳光", "金域", "书香", "华府", "海景", "和谐", "怡景", "翠园", "金沙", "万福",
        "碧水湾", "滨江", "天湖", "紫金", "龙腾", "香榭", "嘉禾", "凤凰",
    ];

    public static readonly string[] VenueSuffixes = ["党群服务站", "共建阵地", "职工之家", "红色书屋", "志愿服务点"];

    public static readonly (string Name, string NameEn)[] Teams =
    [
        ("交通劝导队", "Traffic guidance team"),
        ("文明督导队", "Civility patrol"),
        ("巾帼志愿者服务队", "Women's volunteer team"),
        ("红色宣讲队", "Red lecture team"),
        ("法律服务队", "Legal service team"),
        ("医疗健康服务队", "Health service team"),
        ("助老服务队", "Elderly support team"),
        ("青年志愿突击队", "Youth volunteer team"),
    ];

    public static readonly string[] Skills =
    [
        "法律咨询", "医疗保健", "心理疏导", "书法", "摄影", "理发", "家电维修", "教育辅导", "文艺演出", "驾驶", "财会", "古琴",
    ];

    /// <summary>Surnames common in Fujian, with their pinyin initial.</summary>
    public static readonly (string Char, char Initial)[] Surnames =
    [
        ("陈", 'C'), ("林", 'L'), ("黄", 'H'), ("张", 'Z'), ("李", 'L'), ("王", 'W'), ("吴", 'W'), ("刘", 'L'),
        ("蔡", 'C'), ("杨", 'Y'), ("郑", 'Z'), ("许", 'X'), ("谢", 'X'), ("郭", 'G'), ("洪", 'H'), ("邱", 'Q'),
        ("曾", 'Z'), ("廖", 'L'), ("赖", 'L'), ("周", 'Z'), ("徐", 'X'), ("苏", 'S'), ("叶", 'Y'), ("庄", 'Z'),
        ("吕", 'L'), ("江", 'J'), ("何", 'H'), ("罗", 'L'), ("高", 'G'), ("潘", 'P'), ("朱", 'Z'), ("钟", 'Z'),
        ("游", 'Y'), ("彭", 'P'), ("詹", 'Z'), ("胡", 'H'), ("施", 'S'), ("沈", 'S'), ("余", 'Y'), ("卢", 'L'),
        ("梁", 'L'), ("赵", 'Z'), ("颜", 'Y'), ("柯", 'K'), ("翁", 'W'), ("魏", 'W'), ("孙", 'S'), ("缪", 'M'),
        ("阮", 'R'), ("雷", 'L'), ("蓝", 'L'), ("钟", 'Z'), ("汤", 'T'), ("龚", 'G'), ("薛", 'X'), ("郑", 'Z'),
    ];

    /// <summary>Characters of given names, with their pinyin initial.</summary>
    public static readonly (string Char, char Initial)[] GivenNameChars =
    [
        ("明", 'M'), ("华", 'H'), ("建", 'J'), ("国", 'G'), ("伟", 'W'), ("芳", 'F'), ("丽", 'L'), ("英", 'Y'),
        ("秀", 'X'), ("敏", 'M'), ("静", 'J'), ("强", 'Q'), ("磊", 'L'), ("军", 'J'), ("洋", 'Y'), ("勇", 'Y'),
        ("艳", 'Y'), ("杰", 'J'), ("娟", 'J'), ("涛", 'T'), ("斌", 'B'), ("超", 'C'), ("霞", 'X'), ("平", 'P'),
        ("辉", 'H'), ("鹏", 'P'), ("玲", 'L'), ("燕", 'Y'), ("红", 'H'), ("琴", 'Q'), ("云", 'Y'), ("婷", 'T'),
        ("雪", 'X'), ("峰", 'F'), ("宇", 'Y'), ("晓", 'X'), ("志", 'Z'), ("春", 'C'), ("文", 'W'), ("海", 'H'),
        ("德", 'D'), ("荣", 'R'), ("兰", 'L'), ("金", 'J'), ("清", 'Q'), ("瑞", 'R'), ("晨", 'C'), ("凯", 'K'),
        ("欣", 'X'), ("颖", 'Y'), ("琳", 'L'), ("倩", 'Q'), ("佳", 'J'), ("慧", 'H'), ("锋", 'F'), ("彬", 'B'),
        ("宏", 'H'), ("梅", 'M'), ("萍", 'P'), ("珍", 'Z'), ("福", 'F'), ("宁", 'N'), ("榕", 'R'), ("闽", 'M'),
    ];

    public static readonly string[] MobilePrefixes =
        ["133", "135", "136", "137", "138", "139", "150", "151", "152", "158", "159", "177", "180", "186", "187", "189"];

    public sealed record ActivitySeed(string Code, string Name, string NameEn, string[] Titles);

    public static readonly ActivitySeed[] ActivityTypes =
    [
        new("weekend-lecture", "周末讲堂", "Weekend lecture", ["党史故事会", "垃圾分类知识讲座", "防范电信诈骗讲座", "家庭教育讲座", "健康养生讲座", "民法典进社区"]),
        new("parent-child-reading", "亲子诵读", "Parent-child reading", ["亲子经典诵读", "红色绘本共读", "国学启蒙诵读"]),
        new("guqin", "古琴培训", "Guqin lessons", ["古琴入门课", "古琴雅集"]),
        new("traditional-culture", "传统文化课", "Traditional culture class", ["剪纸课堂", "茶艺体验", "畲族服饰文化课", "线狮技艺展示"]),
        new("political-birthday", "政治生日", "Political birthday", ["党员政治生日会", "重温入党誓词"]),
        new("collective-birthday", "集体祝寿", "Collective birthday", ["老人集体祝寿", "百岁老人寿宴"]),
        new("healthy-lunch", "长者健康午餐", "Healthy lunch for the elderly", ["长者爱心午餐", "健康营养午餐"]),
        new("reading-calligraphy", "读书与书法", "Reading and calligraphy", ["书法练习", "读书分享会"]),
        new("fitness-dance", "健身舞", "Fitness dance", ["广场健身舞", "太极拳晨练"]),
        new("chess-tea", "棋艺茶叙", "Chess and tea", ["象棋友谊赛", "围棋茶叙"]),
        new("film-screening", "电影放映", "Film screening", ["红色电影放映", "周末露天电影"]),
        new("tutoring", "善课堂", "Tutoring for left-behind children", ["留守儿童作业辅导", "善课堂·美术", "善课堂·英语角"]),
        new("council", "议事会", "Neighbourhood council", ["逢10说事", "热点议事厅", "小巷公议会", "议事亭议事"]),
    ];

    /// <summary>
    /// Micro-wishes: a thing or a service for a resident. A dispute is not a wish: it is brought to a mediation room and
    /// recorded as a case (<see cref="Mediations"/>), so the demo files none under <see cref="WishCategory.DisputeSettlement"/>.
    /// </summary>
    public static readonly (WishCategory Category, int Weight, string[] Titles)[] Wishes =
    [
        (WishCategory.CivilityPublicity, 2, ["协助张贴文明城市宣传海报", "楼道文明宣传栏布置", "协助垃圾分类宣传"]),
        (WishCategory.HomeCleaning, 4, ["帮助独居老人打扫卫生", "清理楼前杂物", "疏通厨房下水道"]),
        (WishCategory.LegalConsultation, 2, ["咨询房屋继承手续", "咨询劳动合同签订", "咨询办理遗嘱公证"]),
        (WishCategory.ElderlyHelp, 5, ["陪同老人就医", "代购生活用品", "帮忙更换灯泡", "教老人使用智能手机", "借用一辆轮椅", "为失能老人助浴"]),
        (WishCategory.Other, 2, ["孩子想要一套课外读物", "希望得到一个书包", "辅导孩子作业", "修理老人家的收音机"]),
    ];

    /// <summary>Words that mark a dispute: they belong in mediation summaries, never in a wish.</summary>
    public static readonly string[] DisputeWords = ["纠纷", "调解", "矛盾", "争议", "扰民", "噪音", "漏水", "口角"];

    public static readonly (MediationCategory Category, int Weight, string[] Summaries)[] Mediations =
    [
        (MediationCategory.PublicAffairs, 3, ["公共区域占用纠纷", "楼道堆放杂物引发矛盾", "广场舞噪音扰民"]),
        (MediationCategory.PublicSecurity, 1, ["邻里口角引发推搡", "电动车楼道充电安全隐患争议"]),
        (MediationCategory.OwnersAndProperty, 4, ["物业费收费争议", "电梯维修费用分摊争议", "楼上漏水维修责任纠纷", "停车位纠纷"]),
        (MediationCategory.External, 2, ["装修噪音扰民", "商铺油烟扰民"]),
    ];

    public static readonly string[] ResidentGivenNames = ["阿婆", "阿伯", "奶奶", "大爷", "女士", "先生"];
}
