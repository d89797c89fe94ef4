using RedStation.Data.Entities;

namespace RedStation.Data.Seeding;

/// <summary>
/// The reference data the demo network is drawn from: Ningde's ten districts and counties, and
/// the names, units, teams and activities of the real programme (see shared/DOMAIN.md).
/// </summary>
internal static class DemoCatalog
{
    public sealed record DistrictSeed(string Code, string Name, string NameEn, double Latitude, double Longitude, int StationShare, string[] Places);

    /// <summary>Station shares add up to the 200 planned Red Stations.</summary>
    public static readonly DistrictSeed[] Districts =
    [
        new("JC", "蕉城区", "Jiaocheng District", 26.660, 119.527, 36, ["蕉南", "蕉北", "城南", "金涵", "漳湾", "七都", "八都", "鹤峰", "南漈", "霍童", "赤溪", "洋中"]),
        new("DQ", "东侨经济技术开发区", "Dongqiao Economic and Technological Development Zone", 26.672, 119.553, 16, ["东湖", "金马", "兴贤", "南岸", "万达", "闽东"]),
        new("FA", "福安市", "Fu'an City", 27.088, 119.648, 32, ["城北", "阳头", "罗江", "赛岐", "穆阳", "溪尾", "湾坞", "甘棠", "下白石", "社口"]),
        new("FD", "福鼎市", "Fuding City", 27.324, 120.216, 28, ["桐山", "桐城", "山前", "太姥山", "点头", "白琳", "硖门", "店下", "贯岭"]),
        new("XP", "霞浦县", "Xiapu County", 26.885, 120.005, 24, ["松城", "松港", "长春", "牙城", "三沙", "溪南", "沙江", "北壁"]),
        new("GT", "古田县", "Gutian County", 26.577, 118.746, 20, ["城东", "城西", "新城", "平湖", "大桥", "鹤塘", "杉洋", "吉巷"]),
        new("PN", "屏南县", "Pingnan County", 26.908, 118.986, 12, ["古峰", "双溪", "棠口", "代溪", "熙岭"]),
        new("ZN", "周宁县", "Zhouning County", 27.104, 119.339, 10, ["狮城", "咸村", "浦源", "纯池", "七步"]),
        new("SN", "寿宁县", "Shouning County", 27.460, 119.506, 12, ["鳌阳", "南阳", "斜滩", "武曲", "犀溪"]),
        new("ZR", "柘荣县", "Zherong County", 27.234, 119.900, 10, ["双城", "富溪", "城郊", "乍洋", "东源"]),
    ];

    public static readonly string[] CommunitySuffixes = ["社区", "新村社区", "花园社区", "街社区"];

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
        "福苑", "锦绣", "阳光", "金域", "书香", "华府", "海景", "和谐", "怡景", "翠园", "鹤峰", "万福",
        "东湖湾", "滨江", "天湖", "紫金", "龙腾", "香榭", "嘉禾", "凤凰",
    ];

    /// <summary>Government units and companies that host venues (共驻共建) and employ the volunteers.</summary>
    public static readonly string[] Units =
    [
        "宁德市委组织部", "宁德市民政局", "宁德市教育局", "宁德市卫生健康委员会", "宁德市公安局", "宁德市交警支队",
        "宁德市司法局", "宁德市住房和城乡建设局", "宁德市文化和旅游局", "宁德市图书馆", "宁德市人民医院", "闽东医院",
        "宁德师范学院", "宁德职业技术学院", "国网宁德供电公司", "中国移动宁德分公司", "中国电信宁德分公司", "中国银行宁德分行",
        "宁德市税务局", "宁德市市场监督管理局", "宁德市自然资源局", "宁德市交通运输局", "宁德市消防救援支队", "宁德海关",
        "宁德时代新能源科技", "上汽宁德基地", "宁德市城建集团", "宁德市交投集团", "蕉城区人民法院", "蕉城区人民检察院",
        "福安市人民医院", "福鼎市总工会", "霞浦县妇联", "古田县团委", "宁德市邮政分公司", "宁德市烟草专卖局",
        "宁德市水务集团", "宁德日报社", "宁德广播电视台", "宁德市农业农村局",
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

    public static readonly (WishCategory Category, int Weight, string[] Titles)[] Wishes =
    [
        (WishCategory.CivilityPublicity, 2, ["协助张贴文明城市宣传海报", "楼道文明宣传栏布置"]),
        (WishCategory.HomeCleaning, 4, ["帮助独居老人打扫卫生", "清理楼前杂物", "疏通厨房下水道"]),
        (WishCategory.LegalConsultation, 2, ["咨询房屋继承问题", "咨询劳动合同纠纷"]),
        (WishCategory.DisputeSettlement, 1, ["调解邻里噪音问题", "协调停车位纠纷"]),
        (WishCategory.ElderlyHelp, 5, ["陪同老人就医", "代购生活用品", "帮忙更换灯泡", "教老人使用智能手机"]),
        (WishCategory.Other, 1, ["孩子想要一套课外读物", "希望得到一个书包"]),
    ];

    public static readonly (MediationCategory Category, int Weight, string[] Summaries)[] Mediations =
    [
        (MediationCategory.PublicAffairs, 3, ["公共区域占用纠纷", "楼道堆放杂物引发矛盾", "广场舞噪音扰民"]),
        (MediationCategory.PublicSecurity, 1, ["邻里口角引发推搡", "电动车充电安全隐患争议"]),
        (MediationCategory.OwnersAndProperty, 4, ["物业费收费争议", "电梯维修费用分摊", "屋顶漏水维修责任", "车位使用纠纷"]),
        (MediationCategory.External, 2, ["装修噪音影响邻居", "商铺油烟扰民"]),
    ];

    public static readonly string[] ResidentGivenNames = ["阿婆", "阿伯", "奶奶", "大爷", "女士", "先生"];
}
