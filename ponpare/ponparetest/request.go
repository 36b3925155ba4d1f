package ponparetest

import (
	"encoding/xml"
	"fmt"
)

// The request side is read as generic elements and checked name by name
// and namespace by namespace against the WSDL, so a client that puts a bean
// or a field in the wrong namespace, or sends a field the bean does not
// have, is refused as Axis2 would refuse it.

// elem is any XML element with its children.
type elem struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Children []elem     `xml:",any"`
	Text     string     `xml:",chardata"`
}

type envelope struct {
	XMLName xml.Name
	Body    struct {
		XMLName xml.Name
		Ops     []elem `xml:",any"`
	} `xml:"Body"`
}

// searchCond is OrderSearchCondBean as the fake understands it.
type searchCond struct {
	from, to, column, payment, delivery string
	statuses                            []string
}

// authBean is UserAuthBean; nil fields were absent or nil.
type authBean struct{ shopURL, userID, password *string }

// parsedRequest is the content of <req>.
type parsedRequest struct {
	auth    *authBean
	cond    *searchCond
	numbers []string
	changes []statusChange
}

// statusChange is one ChangeOrderStatusBean.
type statusChange struct{ number, status string }

func isNil(e elem) bool {
	for _, a := range e.Attrs {
		if a.Name.Space == xsiNS && a.Name.Local == "nil" {
			return a.Value == "true" || a.Value == "1"
		}
	}
	return false
}

// parseReq checks and reads <req> of op.
func (s *Server) parseReq(op string, req elem) (parsedRequest, error) {
	var out parsedRequest
	inner := op + "Req"
	for _, c := range req.Children {
		if c.XMLName.Space != s.beanNS {
			return out, fmt.Errorf("element {%s}%s: expected namespace %s", c.XMLName.Space, c.XMLName.Local, s.beanNS)
		}
		switch c.XMLName.Local {
		case "userAuthBean":
			a, err := s.parseAuth(c)
			if err != nil {
				return out, err
			}
			out.auth = a
		case inner:
			if err := s.parseInner(c, &out); err != nil {
				return out, err
			}
		default:
			return out, fmt.Errorf("unexpected element %s in %sWsvcReqBean", c.XMLName.Local, op)
		}
	}
	return out, nil
}

func (s *Server) parseAuth(e elem) (*authBean, error) {
	a := &authBean{}
	for _, c := range e.Children {
		if c.XMLName.Space != s.commonNS {
			return nil, fmt.Errorf("userAuthBean/%s: expected namespace %s, got %q", c.XMLName.Local, s.commonNS, c.XMLName.Space)
		}
		if isNil(c) {
			continue
		}
		v := c.Text
		switch c.XMLName.Local {
		case "shopUrl":
			a.shopURL = &v
		case "userId":
			a.userID = &v
		case "password":
			a.password = &v
		default:
			return nil, fmt.Errorf("userAuthBean has no property %s", c.XMLName.Local)
		}
	}
	return a, nil
}

func (s *Server) parseInner(e elem, out *parsedRequest) error {
	for _, c := range e.Children {
		if c.XMLName.Space != s.beanNS {
			return fmt.Errorf("%s/%s: expected namespace %s", e.XMLName.Local, c.XMLName.Local, s.beanNS)
		}
		switch {
		case isNil(c):
		case c.XMLName.Local == "orderSearchCond":
			cond, err := s.parseCond(c)
			if err != nil {
				return err
			}
			out.cond = cond
		case c.XMLName.Local == "orderNoList" && e.XMLName.Local == "getOrderInfoReq":
			out.numbers = append(out.numbers, c.Text)
		case c.XMLName.Local == "changeOrderStatusList" && e.XMLName.Local == "changeOrderStatusReq":
			ch, err := s.parseStatusChange(c)
			if err != nil {
				return err
			}
			out.changes = append(out.changes, ch)
		default:
			return fmt.Errorf("%s has no property %s", e.XMLName.Local, c.XMLName.Local)
		}
	}
	return nil
}

func (s *Server) parseCond(e elem) (*searchCond, error) {
	c := &searchCond{}
	for _, f := range e.Children {
		if f.XMLName.Space != s.beanNS {
			return nil, fmt.Errorf("orderSearchCond/%s: expected namespace %s", f.XMLName.Local, s.beanNS)
		}
		if isNil(f) {
			continue
		}
		switch f.XMLName.Local {
		case "dateRangeFrom":
			c.from = f.Text
		case "dateRangeTo":
			c.to = f.Text
		case "dateRangeSearchColumn":
			c.column = f.Text
		case "pymntMethodId":
			c.payment = f.Text
		case "dlvMethodId":
			c.delivery = f.Text
		case "orderSts":
			c.statuses = append(c.statuses, f.Text)
		case "couponUse", "customerEmail", "customerEmailKind", "encloseKind", "firstName", "itemId", "itemName",
			"lastName", "nameSearchColumn", "nxDayDlvFlg", "orderMemo", "pointUse", "salesRoute", "tel",
			"telSearchColumn", "updatedCardIconFlg", "creditCardSearchCond":
			return nil, fmt.Errorf("orderSearchCond/%s is not supported by this fake", f.XMLName.Local)
		default:
			return nil, fmt.Errorf("OrderSearchCondBean has no property %s", f.XMLName.Local)
		}
	}
	return c, nil
}

func (s *Server) parseStatusChange(e elem) (statusChange, error) {
	var ch statusChange
	for _, f := range e.Children {
		if f.XMLName.Space != s.beanNS {
			return ch, fmt.Errorf("changeOrderStatusList/%s: expected namespace %s", f.XMLName.Local, s.beanNS)
		}
		switch {
		case isNil(f):
		case f.XMLName.Local == "orderNo":
			ch.number = f.Text
		case f.XMLName.Local == "orderStatus":
			ch.status = f.Text
		default:
			return ch, fmt.Errorf("ChangeOrderStatusBean has no property %s", f.XMLName.Local)
		}
	}
	return ch, nil
}
