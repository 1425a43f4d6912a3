// The tiers of service-org by total alone (the peers' stand-in for the rubric).
exports.tierOf = (total) =>
  total >= 95 ? "五星级" : total >= 85 ? "四星级" : total >= 75 ? "三星级" : total >= 65 ? "二星级" : total >= 60 ? "一星级" : "无星";
