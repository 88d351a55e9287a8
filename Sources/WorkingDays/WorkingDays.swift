/// The WorkingDays module. (Its owner fills it in.)
public enum WorkingDaysModule {}
