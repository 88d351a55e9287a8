/// The TicketStore module. (Its owner fills it in.)
public enum TicketStoreModule {}
